// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { ApiError } from "../api/client";
import { renderWithMantine } from "../test-utils";
import { ReplyBox } from "./reply-box";

afterEach(cleanup);

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
});
