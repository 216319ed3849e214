import type { ErrorDetail } from "../shared/errors.js";

type Targets = { first_response_minutes?: number | undefined; resolution_minutes?: number | undefined };

/**
 * A ticket cannot be due for resolution before it is due for a first reply: the resolution target is at
 * least the first response target (equal is fine: "answer and solve within the hour"). Checked on what is
 * given; a PATCH merges the stored targets in first.
 */
export function targetProblems(targets: Targets): ErrorDetail[] {
  const { first_response_minutes: first, resolution_minutes: resolution } = targets;
  if (first === undefined || resolution === undefined || resolution >= first) return [];
  return [
    {
      field: "resolution_minutes",
      message: `must be at least the first response target (${first} minutes)`,
    },
  ];
}

/**
 * The team-less policy of each priority is the fallback of every team without its own: it keeps its
 * priority and stays team-less, or some tickets would have no target at all. Returns the field refused.
 */
export function fallbackChangeProblem(
  current: { team_id: string | null; priority: string },
  change: { team_id?: string | null | undefined; priority?: string | undefined },
): ErrorDetail | undefined {
  if (current.team_id !== null) return undefined;
  if (change.team_id !== undefined && change.team_id !== null)
    return { field: "team_id", message: "the team-less policy of a priority stays team-less" };
  if (change.priority !== undefined && change.priority !== current.priority)
    return { field: "priority", message: "the team-less policy of a priority keeps its priority" };
  return undefined;
}
