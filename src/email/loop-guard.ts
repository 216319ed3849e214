/**
 * Whether a mail may go out, decided from facts the sending job looks up. Pure, so every rule is a
 * table row in the tests. Automatic mails (acknowledgement, resolved, notifications) face all rules;
 * a mail a person wrote (an agent's reply) only the two that protect the recipient and us.
 */

/** At most this many automatic mails to one address in an hour (SPEC §6). */
export const automaticMailsPerAddressPerHour = 10;

export type DeliveryFacts = {
  /** The recipient is marked bouncing (a bounce came back; an agent clears it). */
  addressBouncing: boolean;
  /** The recipient is one of our own mailbox addresses: two helpdesks answering each other loop forever. */
  isOurOwnAddress: boolean;
};

export type AutoReplyFacts = DeliveryFacts & {
  /** Why the mail that triggered this one is automatic (e.g. "Auto-Submitted: auto-replied"), null when a person wrote it or no mail triggered it. */
  inboundAutomatic: string | null;
  /** Automatic mails already sent (or queued) to this address in the last hour. */
  sentToAddressLastHour: number;
};

export type BlockReason = "own-address" | "address-bouncing" | "answers-automatic-mail" | "rate-limited";

export type Verdict = { ok: true } | { ok: false; reason: BlockReason };

const allowed: Verdict = { ok: true };

/** A mail a person wrote: never to a bouncing address, never to one of our own mailboxes. */
export function mayDeliver({ addressBouncing, isOurOwnAddress }: DeliveryFacts): Verdict {
  if (isOurOwnAddress) return { ok: false, reason: "own-address" };
  if (addressBouncing) return { ok: false, reason: "address-bouncing" };
  return allowed;
}

/** An automatic mail: the rules of `mayDeliver`, never in answer to automatic mail, and at most 10 an hour per address. */
export function mayAutoReply(facts: AutoReplyFacts): Verdict {
  const delivery = mayDeliver(facts);
  if (!delivery.ok) return delivery;
  if (facts.inboundAutomatic !== null) return { ok: false, reason: "answers-automatic-mail" };
  if (facts.sentToAddressLastHour >= automaticMailsPerAddressPerHour)
    return { ok: false, reason: "rate-limited" };
  return allowed;
}
