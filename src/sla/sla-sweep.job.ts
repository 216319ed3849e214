import { defineJobType } from "../jobs/job-type.js";
import type { AppContext } from "../server/context.js";
import { sweepSla } from "./sla-sweep.js";

/** The SLA sweep and auto-close (sla-sweep.ts), every 15 seconds, once across instances (job_schedules). */
export const slaSweepJob = "sla.sweep";
export const slaSweepEveryMs = 15_000;

export function slaSweepJobType(ctx: AppContext) {
  return defineJobType<unknown>({
    name: slaSweepJob,
    timeoutMs: 300_000,
    async run() {
      const result = await sweepSla(ctx);
      if (result.announced > 0 || result.closed > 0) ctx.log.info(result, "SLA sweep");
    },
  });
}
