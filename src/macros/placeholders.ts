import type { TicketPriority, TicketStatus } from "../db/schema.js";

/**
 * Placeholders in a macro's reply or note (SPEC §7), e.g. "Hello {{contact.first_name}}". Pure: parsed when
 * a macro is saved (an unknown or malformed one is refused there, so a typo never reaches a customer) and
 * rendered when it is applied. There is no escape for a literal "{{": no reply needs one, and refusing it
 * keeps a half-typed placeholder from being mailed as is.
 */
export const placeholders = {
  "ticket.number": "The ticket's number, e.g. T-20261123-0042",
  "ticket.subject": "The ticket's subject",
  "ticket.status": "Its status once the macro's changes are made, in words: new, in progress, resolved…",
  "ticket.priority": "Its priority once the macro's changes are made: low, medium, high or urgent",
  "contact.name": "The contact's full name",
  "contact.first_name": "The contact's first name (the first word of the name)",
  "contact.email": "The contact's email address",
  "company.name": "The customer company's name",
  "agent.name": "The full name of the agent applying the macro",
  "agent.first_name": "The first name of the agent applying the macro",
} as const;

export type PlaceholderName = keyof typeof placeholders;

const isPlaceholder = (name: string): name is PlaceholderName => Object.hasOwn(placeholders, name);

/** What the placeholders of one application read. A missing record (a ticket without contact) renders "". */
export type PlaceholderContext = {
  ticket: { number: string; subject: string; status: TicketStatus; priority: TicketPriority };
  contact: { name: string; email: string } | null;
  company: { name: string } | null;
  agent: { name: string } | null;
};

type Segment =
  | { kind: "text"; text: string }
  | { kind: "placeholder"; name: string; raw: string }
  | { kind: "malformed"; raw: string; problem: string };

// A name is words joined by dots; whitespace inside the braces is tolerated.
const namePattern = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/i;

/** Splits a text into literal text and {{…}} placeholders; a "{{" that does not open a placeholder is malformed. */
export function parsePlaceholders(text: string): Segment[] {
  const segments: Segment[] = [];
  let rest = 0;
  let open = text.indexOf("{{");
  while (open !== -1) {
    if (open > rest) segments.push({ kind: "text", text: text.slice(rest, open) });
    const close = text.indexOf("}}", open + 2);
    const reopened = text.indexOf("{{", open + 2);
    if (close === -1 || (reopened !== -1 && reopened < close)) {
      const end = reopened === -1 ? text.length : reopened;
      const snippet = text.slice(open, Math.min(end, open + 40)).trimEnd();
      segments.push({
        kind: "malformed",
        raw: text.slice(open, end),
        problem: `"${snippet}" has no closing }}`,
      });
      rest = end;
      open = reopened;
      continue;
    }
    const raw = text.slice(open, close + 2);
    const name = text.slice(open + 2, close).trim();
    segments.push(
      namePattern.test(name)
        ? { kind: "placeholder", name, raw }
        : { kind: "malformed", raw, problem: `"${raw}" is not a placeholder` },
    );
    rest = close + 2;
    open = text.indexOf("{{", rest);
  }
  if (rest < text.length) segments.push({ kind: "text", text: text.slice(rest) });
  return segments;
}

/** Why a text cannot be saved: each unknown or malformed placeholder, named; empty when it is fine. */
export function placeholderProblems(text: string): string[] {
  const problems: string[] = [];
  for (const segment of parsePlaceholders(text)) {
    if (segment.kind === "malformed") problems.push(segment.problem);
    else if (segment.kind === "placeholder" && !isPlaceholder(segment.name))
      problems.push(`unknown placeholder {{${segment.name}}}`);
  }
  return [...new Set(problems)];
}

const firstName = (name: string | undefined): string => name?.trim().split(/\s+/)[0] ?? "";

/** In words, as a reply to a customer says it ("in progress", not "in_progress"). */
const words = (value: string): string => value.replaceAll("_", " ");

function placeholderValue(name: PlaceholderName, context: PlaceholderContext): string {
  switch (name) {
    case "ticket.number":
      return context.ticket.number;
    case "ticket.subject":
      return context.ticket.subject;
    case "ticket.status":
      return words(context.ticket.status);
    case "ticket.priority":
      return context.ticket.priority;
    case "contact.name":
      return context.contact?.name ?? "";
    case "contact.first_name":
      return firstName(context.contact?.name);
    case "contact.email":
      return context.contact?.email ?? "";
    case "company.name":
      return context.company?.name ?? "";
    case "agent.name":
      return context.agent?.name ?? "";
    case "agent.first_name":
      return firstName(context.agent?.name);
  }
}

/**
 * The text with each known placeholder replaced by its value. Anything else is left exactly as written (a
 * saved macro has none, see placeholderProblems), so rendering never loses what the admin typed.
 */
export function renderPlaceholders(text: string, context: PlaceholderContext): string {
  if (!text.includes("{{")) return text;
  return parsePlaceholders(text)
    .map((segment) => {
      if (segment.kind === "text") return segment.text;
      if (segment.kind === "placeholder" && isPlaceholder(segment.name))
        return placeholderValue(segment.name, context);
      return segment.raw;
    })
    .join("");
}
