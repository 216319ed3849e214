import { describe, expect, it } from "vitest";
import { decideInboundMail, type InboundFacts, type ThreadTicket } from "./decide-inbound-mail.js";

const ticket = (overrides: Partial<ThreadTicket> = {}): ThreadTicket => ({
  id: "0193a4b2-0000-7000-8000-000000000001",
  ticket_number: "T-20261205-0042",
  status: "in_progress",
  company_id: "company-a",
  ...overrides,
});

const facts = (overrides: Partial<InboundFacts> = {}): InboundFacts => ({
  alreadyStored: false,
  automatic: null,
  bounce: null,
  threadTicket: null,
  taggedTicket: null,
  sender: { address: "anna@hilton.example", user: null, contactCompanyIds: ["company-a"] },
  ...overrides,
});

describe("decideInboundMail (SPEC §6, rules in order)", () => {
  it("ignores a Message-ID that is stored already, before anything else", () => {
    expect(decideInboundMail(facts({ alreadyStored: true, threadTicket: ticket() }))).toEqual({
      kind: "ignore",
      reason: "duplicate Message-ID",
    });
  });

  it("turns a bounce of our mail into a bounce, whatever threads it", () => {
    const decision = decideInboundMail(
      facts({
        automatic: "delivery status report",
        bounce: { ticket: ticket(), recipients: ["gone@hilton.example"], permanent: true },
        threadTicket: ticket({ id: "other" }),
      }),
    );
    expect(decision).toEqual({
      kind: "bounce",
      ticketId: ticket().id,
      recipients: ["gone@hilton.example"],
      permanent: true,
    });
  });

  it("keeps a delivery report it cannot place without opening a ticket", () => {
    expect(decideInboundMail(facts({ automatic: "delivery status report" })).kind).toBe("ignore");
  });

  it("threads by Message-ID before the subject tag", () => {
    const decision = decideInboundMail(
      facts({ threadTicket: ticket({ id: "by-id" }), taggedTicket: ticket({ id: "by-tag" }) }),
    );
    expect(decision).toMatchObject({ kind: "reply", ticketId: "by-id" });
  });

  it("trusts a subject tag from a contact of the ticket's company or from staff, not from a stranger", () => {
    const tagged = ticket({ id: "by-tag" });
    expect(decideInboundMail(facts({ taggedTicket: tagged }))).toMatchObject({
      kind: "reply",
      ticketId: "by-tag",
    });
    const staff = { address: "tara@desk.example", user: { id: "u1" }, contactCompanyIds: [] };
    expect(decideInboundMail(facts({ taggedTicket: tagged, sender: staff }))).toMatchObject({
      kind: "reply",
      byUser: "u1",
    });
    const stranger = { address: "eve@evil.example", user: null, contactCompanyIds: ["company-b"] };
    expect(decideInboundMail(facts({ taggedTicket: tagged, sender: stranger }))).toEqual({
      kind: "new_ticket",
      followUpOf: null,
    });
  });

  it("opens a new ticket for a message on no thread, unanswered when automatic", () => {
    expect(decideInboundMail(facts())).toEqual({ kind: "new_ticket", followUpOf: null });
    expect(decideInboundMail(facts({ automatic: "Precedence: bulk" }))).toEqual({
      kind: "new_ticket",
      followUpOf: null,
    });
  });

  it("moves pending and resolved tickets back to in_progress on a customer's reply, and leaves the rest", () => {
    for (const [status, next] of [
      ["pending", "in_progress"],
      ["resolved", "in_progress"],
      ["new", null],
      ["assigned", null],
      ["in_progress", null],
    ] as const) {
      expect(decideInboundMail(facts({ threadTicket: ticket({ status }) }))).toEqual({
        kind: "reply",
        ticketId: ticket().id,
        byUser: null,
        status: next,
        notify: true,
      });
    }
  });

  it("opens a follow-up for a reply to a closed ticket", () => {
    expect(decideInboundMail(facts({ threadTicket: ticket({ status: "closed" }) }))).toEqual({
      kind: "new_ticket",
      followUpOf: ticket().id,
    });
  });

  it("records an out-of-office on the thread without changing the ticket, and ignores one on a closed ticket", () => {
    const ooo = "Auto-Submitted: auto-replied";
    expect(decideInboundMail(facts({ automatic: ooo, threadTicket: ticket({ status: "pending" }) }))).toEqual(
      {
        kind: "reply",
        ticketId: ticket().id,
        byUser: null,
        status: null,
        notify: false,
      },
    );
    expect(
      decideInboundMail(facts({ automatic: ooo, threadTicket: ticket({ status: "closed" }) })).kind,
    ).toBe("ignore");
  });

  it("takes an active user's mail on a thread as that agent's reply, without a status change", () => {
    const staff = { address: "tara@desk.example", user: { id: "u1" }, contactCompanyIds: [] };
    expect(decideInboundMail(facts({ sender: staff, threadTicket: ticket({ status: "pending" }) }))).toEqual({
      kind: "reply",
      ticketId: ticket().id,
      byUser: "u1",
      status: null,
      notify: true,
    });
  });
});
