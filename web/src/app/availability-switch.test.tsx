// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, test, vi } from "vitest";
import { api } from "../api/client";
import { meKey, type SignedInUser } from "../api/session";
import { renderWithMantine } from "../test-utils";
import { AvailabilitySwitch } from "./availability-switch";

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const user = {
  id: "00000000-0000-4000-8000-000000000001",
  name: "Alan Agent",
  available: true,
} as SignedInUser;

describe("availability switch", () => {
  test("marks the signed-in user away with PATCH /users/me and keeps what the server saved", async () => {
    const patch = vi.spyOn(api, "PATCH").mockResolvedValue({
      data: { ...user, available: false },
      response: new Response(null, { status: 200 }),
    } as never);
    const queryClient = new QueryClient();
    queryClient.setQueryData(meKey, user);
    renderWithMantine(
      <QueryClientProvider client={queryClient}>
        <AvailabilitySwitch user={user} />
      </QueryClientProvider>,
    );
    const toggle = screen.getByRole("switch", { name: "Available for new tickets" });
    expect((toggle as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText("Available")).toBeTruthy();
    fireEvent.click(toggle);
    await waitFor(() => expect(queryClient.getQueryData<SignedInUser>(meKey)?.available).toBe(false));
    expect(patch).toHaveBeenCalledWith("/api/v1/users/me", { body: { available: false } });
  });
});
