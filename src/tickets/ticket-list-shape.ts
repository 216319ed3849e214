import type { TicketFilters } from "./ticket-query.schema.js";

/**
 * A list's filters split into what decides its SQL text (which filters are set, how many statuses, whether
 * the team is "none", ...) and the values bound into it. Lists of one shape share one compiled statement
 * (statement-template.ts): `key` names the shape, `values` are this list's values in a fixed order, and
 * `filtersOf` puts any values of that order (real ones, or a template's stand-ins) back into filters.
 * Searches have no shape: their statement also depends on which companies and contacts match.
 */
export type ListShape = {
  key: string;
  values: unknown[];
  filtersOf: (values: readonly unknown[]) => { filters: TicketFilters; now: Date };
};

const lists = ["statuses", "priorities"] as const;
const nullables = ["assignedTeam", "assignedTo"] as const;
const flags = ["open", "overdue"] as const;
const singles = ["category", "companyId", "contactId", "tag", "createdAfter", "createdBefore"] as const;

type Step =
  | { kind: "list"; name: (typeof lists)[number]; length: number }
  | { kind: "value"; name: (typeof nullables)[number] | (typeof singles)[number] }
  | { kind: "none"; name: (typeof nullables)[number] }
  | { kind: "flag"; name: (typeof flags)[number]; on: boolean }
  | { kind: "now" };

export function listShape(filters: TicketFilters, now: Date): ListShape | undefined {
  if (filters.search !== undefined) return undefined;
  const steps: Step[] = [];
  const values: unknown[] = [];
  for (const name of lists) {
    const list = filters[name];
    if (list === undefined) continue;
    steps.push({ kind: "list", name, length: list.length });
    values.push(...list);
  }
  for (const name of nullables) {
    const value = filters[name];
    if (value === undefined) continue;
    if (value === null) steps.push({ kind: "none", name });
    else {
      steps.push({ kind: "value", name });
      values.push(value);
    }
  }
  for (const name of singles) {
    const value = filters[name];
    if (value === undefined) continue;
    steps.push({ kind: "value", name });
    values.push(value);
  }
  for (const name of flags) {
    const on = filters[name];
    if (on !== undefined) steps.push({ kind: "flag", name, on });
  }
  // Only "overdue" compares with the clock.
  if (filters.overdue !== undefined) {
    steps.push({ kind: "now" });
    values.push(now);
  }
  return { key: JSON.stringify(steps), values, filtersOf: (bound) => rebuild(steps, bound) };
}

function rebuild(steps: Step[], bound: readonly unknown[]): { filters: TicketFilters; now: Date } {
  const filters: Record<string, unknown> = {};
  let now: unknown;
  let next = 0;
  for (const step of steps) {
    if (step.kind === "list") {
      filters[step.name] = bound.slice(next, next + step.length);
      next += step.length;
    } else if (step.kind === "value") filters[step.name] = bound[next++];
    else if (step.kind === "none") filters[step.name] = null;
    else if (step.kind === "flag") filters[step.name] = step.on;
    else now = bound[next++];
  }
  // Without "overdue" the clock is not in the statement; any date will do.
  return { filters: filters as TicketFilters, now: (now as Date | undefined) ?? new Date(0) };
}
