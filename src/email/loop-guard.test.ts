import { describe, expect, it } from "vitest";
import { type AutoReplyFacts, mayAutoReply, mayDeliver } from "./loop-guard.js";

const human: AutoReplyFacts = {
  inboundAutomatic: null,
  sentToAddressLastHour: 0,
  addressBouncing: false,
  isOurOwnAddress: false,
};

describe("mayAutoReply", () => {
  it.each<[string, Partial<AutoReplyFacts>, ReturnType<typeof mayAutoReply>]>([
    ["a person's mail, first mail this hour", {}, { ok: true }],
    ["the 10th automatic mail this hour", { sentToAddressLastHour: 9 }, { ok: true }],
    [
      "an 11th automatic mail this hour",
      { sentToAddressLastHour: 10 },
      { ok: false, reason: "rate-limited" },
    ],
    ["far over the limit", { sentToAddressLastHour: 500 }, { ok: false, reason: "rate-limited" }],
    [
      "an out-of-office reply",
      { inboundAutomatic: "Auto-Submitted: auto-replied" },
      { ok: false, reason: "answers-automatic-mail" },
    ],
    [
      "a bounce (empty Return-Path)",
      { inboundAutomatic: "Return-Path: <>" },
      { ok: false, reason: "answers-automatic-mail" },
    ],
    ["a bouncing address", { addressBouncing: true }, { ok: false, reason: "address-bouncing" }],
    ["our own mailbox (helpdesk loop)", { isOurOwnAddress: true }, { ok: false, reason: "own-address" }],
    [
      "our own mailbox wins over every other reason",
      {
        isOurOwnAddress: true,
        addressBouncing: true,
        inboundAutomatic: "Precedence: bulk",
        sentToAddressLastHour: 99,
      },
      { ok: false, reason: "own-address" },
    ],
  ])("%s", (_, facts, verdict) => {
    expect(mayAutoReply({ ...human, ...facts })).toEqual(verdict);
  });
});

describe("mayDeliver (a mail a person wrote)", () => {
  it.each<[string, Parameters<typeof mayDeliver>[0], ReturnType<typeof mayDeliver>]>([
    ["an ordinary address", { addressBouncing: false, isOurOwnAddress: false }, { ok: true }],
    [
      "a bouncing address",
      { addressBouncing: true, isOurOwnAddress: false },
      { ok: false, reason: "address-bouncing" },
    ],
    [
      "our own mailbox",
      { addressBouncing: false, isOurOwnAddress: true },
      { ok: false, reason: "own-address" },
    ],
  ])("%s", (_, facts, verdict) => {
    expect(mayDeliver(facts)).toEqual(verdict);
  });

  it("ignores the automatic-mail and hourly rules, which are for automatic mail only", () => {
    const facts: AutoReplyFacts = {
      ...human,
      inboundAutomatic: "Auto-Submitted: auto-generated",
      sentToAddressLastHour: 50,
    };
    expect(mayDeliver(facts)).toEqual({ ok: true });
  });
});
