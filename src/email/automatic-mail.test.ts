import { describe, expect, it } from "vitest";
import { type AutomaticSignals, automaticReason } from "./automatic-mail.js";
import { messageIdsIn, readDeliveryStatus } from "./delivery-status.js";

function signals(
  headers: Record<string, string>,
  overrides: Partial<AutomaticSignals> = {},
): AutomaticSignals {
  return {
    header: (name) => headers[name] ?? null,
    fromAddress: "person@example.com",
    returnPath: "person@example.com",
    reportType: null,
    ...overrides,
  };
}

describe("automaticReason", () => {
  it.each([
    [{ "auto-submitted": "auto-generated" }, "Auto-Submitted: auto-generated"],
    [{ "auto-submitted": "Auto-Replied; owner-email=a@example.com" }, "Auto-Submitted: auto-replied"],
    [{ "x-autorespond": "1" }, "X-Autorespond: 1"],
    [{ "x-autoreply": "yes" }, "X-Autoreply: yes"],
    [
      { "x-auto-response-suppress": "DR, RN, NRN, OOF, AutoReply" },
      "X-Auto-Response-Suppress: DR, RN, NRN, OOF, AutoReply",
    ],
    [{ precedence: "junk" }, "Precedence: junk"],
    [{ precedence: "Bulk" }, "Precedence: bulk"],
    [{ "list-id": "<team.lists.example.com>" }, "List-Id"],
  ])("%j → %s", (headers, reason) => {
    expect(automaticReason(signals(headers))).toBe(reason);
  });

  it.each([
    [{ "auto-submitted": "no" }],
    [{ "x-autoreply": "no" }],
    [{ "x-auto-response-suppress": "None" }],
    [{ precedence: "first-class" }],
    [{}],
  ])("%j is a person's mail", (headers) => {
    expect(automaticReason(signals(headers))).toBeNull();
  });

  it("an empty Return-Path, MAILER-DAEMON and postmaster senders are automatic", () => {
    expect(automaticReason(signals({}, { returnPath: "" }))).toBe("empty Return-Path");
    expect(automaticReason(signals({}, { fromAddress: "mailer-daemon@mx.example.com" }))).toBe(
      "MAILER-DAEMON",
    );
    expect(automaticReason(signals({}, { fromAddress: "postmaster@example.com" }))).toBe("postmaster");
    expect(automaticReason(signals({}, { returnPath: null }))).toBeNull();
  });

  it("any report is automatic: a delivery status report, or a read receipt", () => {
    expect(automaticReason(signals({}, { reportType: "delivery-status" }))).toBe("delivery status report");
    expect(automaticReason(signals({}, { reportType: "disposition-notification" }))).toBe(
      "report: disposition-notification",
    );
  });
});

describe("readDeliveryStatus", () => {
  it("lists every recipient and reports the first failed one's status", () => {
    const report = [
      "Reporting-MTA: dns; mx.example.com",
      "",
      "Final-Recipient: rfc822; late@example.org",
      "Action: delayed",
      "Status: 4.4.7",
      "",
      "Final-Recipient: rfc822; <Gone@Example.org>",
      "Action: failed",
      "Status: 5.1.1 (user unknown)",
      "Diagnostic-Code: smtp; 550 5.1.1 user unknown",
    ].join("\r\n");
    expect(readDeliveryStatus(report)).toEqual({
      recipients: ["late@example.org", "gone@example.org"],
      status: "5.1.1",
      diagnostic: "550 5.1.1 user unknown",
      permanent: true,
    });
  });

  it("reads nothing from text that is not a report", () => {
    expect(readDeliveryStatus("Hello")).toEqual({
      recipients: [],
      status: null,
      diagnostic: null,
      permanent: false,
    });
  });
});

describe("messageIdsIn", () => {
  it.each([
    ["<a@b> <c@d>", ["a@b", "c@d"]],
    ["<a@b> (Anna's message of Monday)", ["a@b"]],
    ["a@b", ["a@b"]],
    ["<a@b>\r\n <a@b>", ["a@b"]],
    ["", []],
    ["not an id at all", []],
  ])("%j → %j", (value, ids) => {
    expect(messageIdsIn(value)).toEqual(ids);
  });
});
