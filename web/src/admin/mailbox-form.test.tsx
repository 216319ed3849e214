// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../api/client";
import { renderWithMantine } from "../test-utils";
import { type Mailbox, MailboxForm } from "./mailbox-form";

afterEach(cleanup);

function buildMailbox(overrides: Partial<Mailbox> = {}): Mailbox {
  return {
    id: "00000000-0000-4000-8000-000000000001",
    name: "Support",
    address: "support@example.com",
    team: null,
    is_active: true,
    imap: {
      host: "imap.example.com",
      port: 993,
      secure: true,
      user: "support",
      folder: "INBOX",
      has_password: true,
    },
    last_fetch_at: null,
    last_error: null,
    last_error_at: null,
    created_at: "2026-05-01T10:00:00.000Z",
    updated_at: "2026-05-01T10:00:00.000Z",
    ...overrides,
  };
}

const input = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;

describe("mailbox form", () => {
  test("a stored IMAP password is not required, and leaving it empty keeps it", async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<MailboxForm mailbox={buildMailbox()} teams={[]} onSave={onSave} onCancel={vi.fn()} />);
    expect(input(/^Password/).placeholder).toBe("stored — leave empty to keep");
    expect(input(/^Password/).required).toBe(false);
    fireEvent.change(input(/^Name/), { target: { value: "Helpdesk" } });
    fireEvent.click(screen.getByRole("button", { name: "Save mailbox" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    const body = onSave.mock.calls[0]?.[0];
    expect(body.name).toBe("Helpdesk");
    expect(body.imap).toEqual({
      host: "imap.example.com",
      port: 993,
      secure: true,
      user: "support",
      folder: "INBOX",
    });
  });

  test("a new mailbox asks for the password, with no placeholder, and sends it", async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<MailboxForm mailbox={null} teams={[]} onSave={onSave} onCancel={vi.fn()} />);
    expect(input(/^Password/).placeholder).toBe("");
    expect(input(/^Password/).required).toBe(true);
    fireEvent.change(input(/^Name/), { target: { value: "Support" } });
    fireEvent.change(input(/^Address/), { target: { value: "support@example.com" } });
    fireEvent.change(input(/^Host/), { target: { value: "imap.example.com" } });
    fireEvent.change(input(/^User/), { target: { value: "support" } });
    fireEvent.change(input(/^Password/), { target: { value: "s3cret" } });
    fireEvent.click(screen.getByRole("button", { name: "Create mailbox" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0]).toEqual({
      name: "Support",
      address: "support@example.com",
      team_id: null,
      is_active: true,
      imap: {
        host: "imap.example.com",
        port: 993,
        secure: true,
        user: "support",
        password: "s3cret",
        folder: "INBOX",
      },
    });
  });

  test("turning the IMAP account off sends imap: null and hides its fields", async () => {
    const onSave = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<MailboxForm mailbox={buildMailbox()} teams={[]} onSave={onSave} onCancel={vi.fn()} />);
    fireEvent.click(screen.getByLabelText(/^Fetch mail from an IMAP account/));
    expect(screen.queryByLabelText(/^Host/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Save mailbox" }));
    await waitFor(() => expect(onSave).toHaveBeenCalledTimes(1));
    expect(onSave.mock.calls[0]?.[0].imap).toBeNull();
  });

  test("the server's 400 shows each message under its field, and the rest in the alert", async () => {
    const onSave = vi.fn().mockRejectedValue(
      new ApiError(400, "invalid_input", "Invalid address, imap.host", [
        { field: "address", message: "must be an email address such as support@example.com" },
        { field: "imap.host", message: "must be a host name or IP address" },
        { field: "imap.extra", message: "unknown key" },
      ]),
    );
    renderWithMantine(<MailboxForm mailbox={buildMailbox()} teams={[]} onSave={onSave} onCancel={vi.fn()} />);
    fireEvent.click(screen.getByRole("button", { name: "Save mailbox" }));
    const address = input(/^Address/);
    await waitFor(() => expect(address.getAttribute("aria-invalid")).toBe("true"));
    const described = (el: HTMLElement) =>
      (el.getAttribute("aria-describedby") ?? "")
        .split(" ")
        .map((id) => document.getElementById(id)?.textContent)
        .join(" ");
    expect(described(address)).toContain("must be an email address such as support@example.com");
    expect(described(input(/^Host/))).toContain("must be a host name or IP address");
    expect(input(/^Name/).getAttribute("aria-invalid")).not.toBe("true");
    expect(screen.getByRole("alert").textContent).toBe("Invalid address, imap.host; imap.extra: unknown key");
  });
});
