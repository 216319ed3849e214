// @vitest-environment happy-dom
import { MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import "../test-utils";
import { NewTicketPage } from "./new-ticket-page";

// The API client is replaced: GET answers the pick-lists below, POST is each test's.
const { GET, POST } = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock("../api/client", async (original) => ({
  ...(await original<typeof import("../api/client")>()),
  api: { GET, POST },
}));

const acme = { id: "00000000-0000-4000-8000-0000000000cc", name: "Acme" };
const contact = (n: number, name: string, email: string) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  name,
  email,
});
const carol = contact(1, "Carol Customer", "carol@acme.example");
const dave = contact(2, "Dave Buyer", "dave@acme.example");

const ok = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });

beforeEach(() => {
  GET.mockImplementation(async (path: string) => {
    if (path === "/api/v1/companies") return ok({ results: [acme] });
    if (path === "/api/v1/companies/{id}") return ok(acme);
    if (path === "/api/v1/contacts") return ok({ results: [carol, dave] });
    return ok({ results: [] });
  });
});
afterEach(() => {
  cleanup();
  GET.mockReset();
  POST.mockReset();
});

function renderPage() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    // env="test": no transitions, so an open dropdown's options are visible at once.
    <MantineProvider env="test">
      <QueryClientProvider client={client}>
        <MemoryRouter>
          <NewTicketPage />
        </MemoryRouter>
      </QueryClientProvider>
    </MantineProvider>,
  );
}

/** Fills what every ticket needs: a subject, a description, Acme and Carol as its contact. */
async function fillTicket(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/^Subject/), "Printer on fire");
  await user.type(screen.getByLabelText(/^Description/), "It smokes.");
  await user.type(screen.getByRole("combobox", { name: /^Company/ }), "Ac");
  await user.click(await screen.findByRole("option", { name: "Acme" }));
  await user.click(screen.getByRole("combobox", { name: /^Contact/ }));
  await user.click(await screen.findByRole("option", { name: "Carol Customer" }));
}

const ccInput = () => screen.getByRole("combobox", { name: /^Cc/ });

describe("new ticket: Cc", () => {
  test("suggests the company's other contacts, accepts any address, and sends both as cc", async () => {
    POST.mockResolvedValue({
      data: { ticket_number: "T-20260501-0001" },
      response: new Response(null, { status: 201 }),
    });
    const user = userEvent.setup();
    renderPage();
    await fillTicket(user);

    await user.click(ccInput());
    // Carol is the ticket's contact and gets the mail anyway: only Dave is offered.
    const offered = await screen.findByRole("option", { name: "dave@acme.example" });
    expect(screen.queryByRole("option", { name: "carol@acme.example" })).toBeNull();
    await user.click(offered);
    await user.type(ccInput(), "boss@elsewhere.example{Enter}");

    await user.click(screen.getByRole("button", { name: "Create ticket" }));
    await waitFor(() => expect(POST).toHaveBeenCalledTimes(1));
    const [path, { body }] = POST.mock.calls[0] ?? [];
    expect(path).toBe("/api/v1/tickets");
    expect(body).toMatchObject({
      company_id: acme.id,
      contact_id: carol.id,
      cc: ["dave@acme.example", "boss@elsewhere.example"],
    });
  });

  test("the API's complaint about an address is shown under the Cc field", async () => {
    POST.mockResolvedValue({
      error: {
        error: {
          code: "invalid_input",
          message: "Invalid input",
          details: [{ field: "cc.0", message: "must be an email address" }],
        },
      },
      response: new Response(null, { status: 400 }),
    });
    const user = userEvent.setup();
    renderPage();
    await fillTicket(user);
    await user.type(ccInput(), "not-an-address{Enter}");
    await user.click(screen.getByRole("button", { name: "Create ticket" }));

    await waitFor(() => expect(ccInput().getAttribute("aria-invalid")).toBe("true"));
    const described = (ccInput().getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((id) => document.getElementById(id)?.textContent)
      .join(" ");
    expect(described).toContain("not-an-address: must be an email address");
    expect(POST.mock.calls[0]?.[1].body.cc).toEqual(["not-an-address"]);
  });
});
