// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../api/client";
import { renderWithMantine } from "../test-utils";
import { ReplyBox } from "./reply-box";

const uploadFiles = vi.hoisted(() => vi.fn());
vi.mock("../api/upload", () => ({ uploadFiles }));

afterEach(() => {
  cleanup();
  uploadFiles.mockReset();
});

const ticketId = "00000000-0000-4000-8000-0000000000aa";

/** Types an address into the Cc input and ends it with Enter, as an agent does. */
async function addCc(address: string) {
  await userEvent.type(screen.getByRole("combobox", { name: "Cc on this reply" }), `${address}{Enter}`);
}

function chooseFiles(files: File[]) {
  const input = screen.getByLabelText("Files to attach to the reply");
  Object.defineProperty(input, "files", { value: files, configurable: true });
  fireEvent.change(input);
}

describe("reply box", () => {
  test("sends a public reply by default and clears the text", async () => {
    const onSend = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<ReplyBox canComment onSend={onSend} />);
    const box = screen.getByLabelText("Reply to the customer");
    fireEvent.change(box, { target: { value: "On our way" } });
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    await waitFor(() => expect(onSend).toHaveBeenCalledWith({ text: "On our way", is_internal: false }));
    await waitFor(() => expect((box as HTMLTextAreaElement).value).toBe(""));
  });

  test("the Internal note switch sends an internal note", async () => {
    const onSend = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<ReplyBox canComment onSend={onSend} />);
    fireEvent.click(screen.getByLabelText("Internal note"));
    const box = screen.getByLabelText("Internal note (only agents see this)");
    fireEvent.change(box, { target: { value: "VIP customer" } });
    fireEvent.click(screen.getByRole("button", { name: "Add internal note" }));
    await waitFor(() => expect(onSend).toHaveBeenCalledWith({ text: "VIP customer", is_internal: true }));
  });

  test("an empty reply is not sent", () => {
    const onSend = vi.fn();
    renderWithMantine(<ReplyBox canComment onSend={onSend} />);
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("Write something first");
  });

  test("an API error is shown and the text is kept", async () => {
    const onSend = vi
      .fn()
      .mockRejectedValue(new ApiError(403, "forbidden", "You may not comment on this ticket"));
    renderWithMantine(<ReplyBox canComment onSend={onSend} />);
    const box = screen.getByLabelText("Reply to the customer");
    fireEvent.change(box, { target: { value: "Hello" } });
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    await screen.findByText("You may not comment on this ticket");
    expect((box as HTMLTextAreaElement).value).toBe("Hello");
  });

  test("without the comment ability the box is disabled", () => {
    renderWithMantine(<ReplyBox canComment={false} onSend={vi.fn()} />);
    expect(screen.getByLabelText("Reply to the customer")).toHaveProperty("disabled", true);
    expect(screen.getByRole("button", { name: "Send reply" })).toHaveProperty("disabled", true);
  });

  test("a public reply copies the Cc addresses, then the Cc is cleared", async () => {
    const onSend = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<ReplyBox canComment onSend={onSend} ccSuggestions={["dave@acme.example"]} />);
    expect(screen.queryByRole("combobox", { name: "Cc on this reply" })).toBeNull();
    const toggle = screen.getByRole("button", { name: "Cc" });
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    await addCc("erin@example.org");
    fireEvent.change(screen.getByLabelText("Reply to the customer"), { target: { value: "Done" } });
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    await waitFor(() =>
      expect(onSend).toHaveBeenCalledWith({ text: "Done", is_internal: false, cc: ["erin@example.org"] }),
    );
    await waitFor(() => expect(screen.queryByRole("combobox", { name: "Cc on this reply" })).toBeNull());
    expect(screen.getByRole("button", { name: "Cc" }).getAttribute("aria-expanded")).toBe("false");
  });

  test("an internal note has no Cc and never sends one", async () => {
    const onSend = vi.fn().mockResolvedValue(undefined);
    renderWithMantine(<ReplyBox canComment onSend={onSend} />);
    fireEvent.click(screen.getByRole("button", { name: "Cc" }));
    await addCc("erin@example.org");
    fireEvent.click(screen.getByLabelText("Internal note"));
    expect(screen.queryByRole("combobox", { name: "Cc on this reply" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Cc" })).toBeNull();
    fireEvent.change(screen.getByLabelText("Internal note (only agents see this)"), {
      target: { value: "Watch this one" },
    });
    fireEvent.click(screen.getByRole("button", { name: "Add internal note" }));
    await waitFor(() => expect(onSend).toHaveBeenCalledWith({ text: "Watch this one", is_internal: true }));
  });

  test("the API's complaint about a Cc address is shown under the field, naming the address", async () => {
    const onSend = vi
      .fn()
      .mockRejectedValue(
        new ApiError(400, "invalid_input", "Invalid input", [
          { field: "cc.1", message: "must be an email address" },
        ]),
      );
    renderWithMantine(<ReplyBox canComment onSend={onSend} />);
    fireEvent.click(screen.getByRole("button", { name: "Cc" }));
    await addCc("erin@example.org");
    await addCc("not-an-address");
    fireEvent.change(screen.getByLabelText("Reply to the customer"), { target: { value: "Hi" } });
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    await waitFor(() =>
      expect(screen.getByRole("combobox", { name: "Cc on this reply" }).getAttribute("aria-invalid")).toBe(
        "true",
      ),
    );
    const input = screen.getByRole("combobox", { name: "Cc on this reply" });
    const described = (input.getAttribute("aria-describedby") ?? "")
      .split(" ")
      .map((id) => document.getElementById(id)?.textContent)
      .join(" ");
    expect(described).toContain("not-an-address: must be an email address");
    expect(onSend.mock.calls[0]?.[0].cc).toEqual(["erin@example.org", "not-an-address"]);
  });

  test("chosen files are uploaded, shown as removable chips, and their ids go with the reply", async () => {
    uploadFiles
      .mockResolvedValueOnce({ results: [{ id: "f-1", name: "log.txt", size_display: "2 KB" }] })
      .mockResolvedValueOnce({ results: [{ id: "f-2", name: "photo.png", size_display: "1 MB" }] });
    const onSend = vi.fn().mockResolvedValue(undefined);
    const onDiscardFile = vi.fn();
    renderWithMantine(
      <ReplyBox canComment onSend={onSend} ticketId={ticketId} canUpload onDiscardFile={onDiscardFile} />,
    );
    chooseFiles([new File(["x"], "log.txt")]);
    await screen.findByText("log.txt (2 KB)");
    expect(uploadFiles).toHaveBeenCalledWith(
      `/api/v1/tickets/${ticketId}/attachments`,
      [expect.any(File)],
      expect.any(Function),
    );
    chooseFiles([new File(["y"], "photo.png")]);
    await screen.findByText("photo.png (1 MB)");
    fireEvent.click(screen.getByRole("button", { name: "Remove photo.png" }));
    expect(screen.queryByText("photo.png (1 MB)")).toBeNull();
    expect(onDiscardFile).toHaveBeenCalledWith("f-2");

    fireEvent.change(screen.getByLabelText("Reply to the customer"), { target: { value: "Log attached" } });
    fireEvent.click(screen.getByRole("button", { name: "Send reply" }));
    await waitFor(() =>
      expect(onSend).toHaveBeenCalledWith({
        text: "Log attached",
        is_internal: false,
        attachment_ids: ["f-1"],
      }),
    );
    await waitFor(() => expect(screen.queryByText("log.txt (2 KB)")).toBeNull());
  });

  test("a failed upload is shown and attaches nothing", async () => {
    uploadFiles.mockRejectedValueOnce(new ApiError(413, "payload_too_large", "The file is too large"));
    renderWithMantine(<ReplyBox canComment onSend={vi.fn()} ticketId={ticketId} canUpload />);
    chooseFiles([new File(["x"], "huge.iso")]);
    await screen.findByText("The file is too large");
    expect(screen.queryByLabelText("Files attached to this reply")).toBeNull();
  });

  test("without the upload ability there is no Attach files", () => {
    renderWithMantine(<ReplyBox canComment onSend={vi.fn()} ticketId={ticketId} canUpload={false} />);
    expect(screen.queryByRole("button", { name: "Attach files" })).toBeNull();
  });
});
