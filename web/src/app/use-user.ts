import { useOutletContext } from "react-router";
import type { SignedInUser } from "../api/session";

/** The signed-in agent, for screens inside the layout. */
export function useUser(): SignedInUser {
  return useOutletContext<SignedInUser>();
}
