import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type PlaceholderContext,
  parsePlaceholders,
  placeholderProblems,
  placeholders,
  renderPlaceholders,
} from "./placeholders.js";

function buildContext(overrides: Partial<PlaceholderContext> = {}): PlaceholderContext {
  return {
    ticket: {
      number: "T-20261123-0042",
      subject: "Printer on fire",
      status: "in_progress",
      priority: "high",
    },
    contact: { name: "Carol  Ann Customer", email: "carol@acme.example" },
    company: { name: "Acme Music" },
    agent: { name: "Ada Lovelace" },
    ...overrides,
  };
}

describe("macro placeholders", () => {
  it("renders every placeholder it offers", () => {
    const text = Object.keys(placeholders)
      .map((name) => `${name}=[{{${name}}}]`)
      .join("\n");
    expect(renderPlaceholders(text, buildContext())).toBe(
      [
        "ticket.number=[T-20261123-0042]",
        "ticket.subject=[Printer on fire]",
        "ticket.status=[in progress]",
        "ticket.priority=[high]",
        "contact.name=[Carol  Ann Customer]",
        "contact.first_name=[Carol]",
        "contact.email=[carol@acme.example]",
        "company.name=[Acme Music]",
        "agent.name=[Ada Lovelace]",
        "agent.first_name=[Ada]",
      ].join("\n"),
    );
  });

  it("renders a missing record's values as empty text (a ticket with no contact)", () => {
    const context = buildContext({ contact: null, company: null, agent: null });
    expect(
      renderPlaceholders(
        "Hi {{contact.first_name}}{{contact.name}} <{{contact.email}}> of {{company.name}}",
        context,
      ),
    ).toBe("Hi  <> of ");
    expect(renderPlaceholders("by {{agent.first_name}}.", context)).toBe("by .");
  });

  it("tolerates whitespace inside the braces", () => {
    expect(renderPlaceholders("{{ ticket.number }} / {{\tcontact.first_name\n}}", buildContext())).toBe(
      "T-20261123-0042 / Carol",
    );
    expect(placeholderProblems("{{  ticket.subject  }}")).toEqual([]);
  });

  it("leaves text without braces untouched, whatever it holds", () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes("{{")),
        (text) => {
          expect(renderPlaceholders(text, buildContext())).toBe(text);
          expect(placeholderProblems(text)).toEqual([]);
        },
      ),
    );
    expect(renderPlaceholders("a { single } brace and }} a closing pair", buildContext())).toBe(
      "a { single } brace and }} a closing pair",
    );
  });

  it("names each unknown placeholder once", () => {
    expect(
      placeholderProblems("Hi {{contact.nmae}}, {{ticket.number}} {{ contact.nmae }} {{ticket.owner}}"),
    ).toEqual(["unknown placeholder {{contact.nmae}}", "unknown placeholder {{ticket.owner}}"]);
    // Names are case-sensitive, as written in the list.
    expect(placeholderProblems("{{Ticket.Number}}")).toEqual(["unknown placeholder {{Ticket.Number}}"]);
  });

  it("calls a {{ that does not open a placeholder malformed", () => {
    expect(placeholderProblems("Hello {{contact.name")).toEqual(['"{{contact.name" has no closing }}']);
    expect(placeholderProblems("{{ticket number}}")).toEqual(['"{{ticket number}}" is not a placeholder']);
    expect(placeholderProblems("{{}}")).toEqual(['"{{}}" is not a placeholder']);
    expect(placeholderProblems("{{name}}")).toEqual(['"{{name}}" is not a placeholder']);
    // An unclosed one before a good one: the good one is still read as a placeholder.
    expect(placeholderProblems("{{oops {{ticket.number}}")).toEqual(['"{{oops" has no closing }}']);
  });

  it("leaves what it does not know as written when rendering", () => {
    expect(renderPlaceholders("{{oops {{ticket.number}} {{ticket.owner}} {{x", buildContext())).toBe(
      "{{oops T-20261123-0042 {{ticket.owner}} {{x",
    );
  });

  it("parses text and placeholders in order, keeping what was written", () => {
    expect(parsePlaceholders("Hi {{ contact.name }}!")).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "placeholder", name: "contact.name", raw: "{{ contact.name }}" },
      { kind: "text", text: "!" },
    ]);
    // Joining what was parsed gives the text back, whatever it is.
    fc.assert(
      fc.property(fc.string(), (text) => {
        const joined = parsePlaceholders(text)
          .map((s) => (s.kind === "text" ? s.text : s.raw))
          .join("");
        expect(joined).toBe(text);
      }),
    );
  });
});
