// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError, type Schemas } from "../api/client";
import { renderWithMantine } from "../test-utils";
import { Conversation } from "./conversation";
import { buildTicket as baseTicket } from "./ticket.fixture";

afterEach(cleanup);

const at = "2026-05-01T10:00:00.000Z";
const agent = { id: "00000000-0000-4000-8000-000000000001", name: "Bob Agent", email: "bob@example.com" };
const carol = {
  id: "00000000-0000-4000-8000-000000000002",
  name: "Carol Customer",
  email: "carol@acme.example",
};

/** The fixture's ticket as this file's conversations need it: by mail, from Carol, answered once. */
function buildTicket(overrides: Partial<Schemas["Ticket"]> = {}): Schemas["Ticket"] {
  return baseTicket({
    ticket_number: "T-20260501-0001",
    status: "in_progress",
    priority: "high",
    channel: "email",
    contact: carol,
    comments_count: 1,
    created_at: at,
    updated_at: at,
    ...overrides,
  });
}

let nextId = 0;
function buildComment(overrides: Partial<Schemas["Comment"]> = {}): Schemas["Comment"] {
  nextId += 1;
  return {
    id: `00000000-0000-4000-8000-${String(nextId).padStart(12, "0")}`,
    ticket_id: "00000000-0000-4000-8000-0000000000aa",
    author: agent,
    author_contact: null,
    text: "We are on it.",
    is_internal: false,
    channel: "web",
    delivery: null,
    has_source: false,
    created_at: at,
    updated_at: at,
    abilities: { edit: false, delete: false },
    ...overrides,
  };
}

function renderComments(comments: Schemas["Comment"][], onRetryDelivery = vi.fn()) {
  renderWithMantine(
    <Conversation ticket={buildTicket()} comments={comments} onRetryDelivery={onRetryDelivery} />,
  );
  return onRetryDelivery;
}

const delivery = (
  status: NonNullable<Schemas["Comment"]["delivery"]>["status"],
  error: string | null = null,
  attempts = 1,
) => ({ status, error, attempts });

describe("conversation: mail delivery of public replies", () => {
  test("a sent reply says it was mailed, with no retry", () => {
    renderComments([buildComment({ delivery: delivery("sent") })]);
    const message = screen.getByRole("article", { name: "Message by Bob Agent" });
    expect(within(message).getByText("Mailed to the customer")).toBeTruthy();
    expect(within(message).queryByRole("button", { name: "Retry sending" })).toBeNull();
  });

  test("a queued reply says so", () => {
    renderComments([buildComment({ delivery: delivery("queued", null, 0) })]);
    expect(screen.getByText("Mail to the customer queued")).toBeTruthy();
  });

  test("a failed reply shows the error and a Retry that asks the server to send it again", async () => {
    const failed = buildComment({ delivery: delivery("failed", "550 mailbox unavailable", 6) });
    const onRetry = renderComments([failed], vi.fn().mockResolvedValue(undefined));
    const status = screen.getByText(/Mail to the customer failed/);
    expect(status.textContent).toContain("550 mailbox unavailable");
    fireEvent.click(screen.getByRole("button", { name: "Retry sending" }));
    await waitFor(() => expect(onRetry).toHaveBeenCalledWith(failed.id));
  });

  test("a refused retry shows the server's message", async () => {
    renderComments(
      [buildComment({ delivery: delivery("failed", "timeout", 6) })],
      vi.fn().mockRejectedValue(new ApiError(409, "conflict", "The reply is being sent already")),
    );
    fireEvent.click(screen.getByRole("button", { name: "Retry sending" }));
    expect((await screen.findByRole("alert")).textContent).toBe("The reply is being sent already");
  });

  test("a suppressed reply shows the reason, without a retry", () => {
    renderComments([buildComment({ delivery: delivery("suppressed", "the address bounces", 0) })]);
    expect(screen.getByText(/not sent: the address bounces/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Retry sending" })).toBeNull();
  });
});

describe("conversation: customers and channels", () => {
  test("a customer's mail shows their name and address, marked as the customer's", () => {
    renderComments([
      buildComment({ author: null, author_contact: carol, channel: "email", has_source: true }),
      buildComment({ text: "Agent reply" }),
    ]);
    const mail = screen.getByRole("article", { name: "Message by Carol Customer (customer)" });
    expect(mail.getAttribute("data-author-kind")).toBe("customer");
    expect(within(mail).getByText("carol@acme.example")).toBeTruthy();
    expect(within(mail).getByText("Customer")).toBeTruthy();
    const reply = screen.getByRole("article", { name: "Message by Bob Agent" });
    expect(reply.getAttribute("data-author-kind")).toBe("agent");
  });

  test("mail, portal and API comments carry a channel badge; the web app's none", () => {
    renderComments([
      buildComment({ channel: "email", text: "by mail" }),
      buildComment({ channel: "portal", text: "in the portal" }),
      buildComment({ channel: "api", text: "by the API" }),
      buildComment({ channel: "web", text: "in the app" }),
    ]);
    const badges = document.querySelectorAll("[data-channel]");
    expect([...badges].map((b) => b.textContent)).toEqual(["Email", "Portal", "API"]);
  });

  test("an inbound mail links its original message", () => {
    const mail = buildComment({ author: null, author_contact: carol, channel: "email", has_source: true });
    renderComments([mail]);
    const link = screen.getByRole("link", { name: /Original message/ });
    expect(link.getAttribute("href")).toBe(`/api/v1/comments/${mail.id}/source`);
  });

  test("a customer's text is shown as text, never as markup", () => {
    renderComments([
      buildComment({ author: null, author_contact: carol, text: "<img src=x onerror=alert(1)>" }),
    ]);
    expect(screen.getByText("<img src=x onerror=alert(1)>")).toBeTruthy();
    expect(document.querySelector("img")).toBeNull();
  });
});
