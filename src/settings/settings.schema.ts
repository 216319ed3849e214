import { z } from "zod";

/** The desk's settings (SPEC §7). A later setting is one more field here and one more column in app_settings. */
export const settingsSchema = z
  .object({
    auto_close_after_days: z
      .number()
      .int()
      .nullable()
      .describe("Resolved tickets with no reply for this many days are closed by the system; null: never"),
    updated_at: z.date(),
  })
  .meta({ id: "Settings" });
export type SettingsView = z.infer<typeof settingsSchema>;

export const updateSettingsBody = z.strictObject({
  auto_close_after_days: z
    .number()
    .int("must be a whole number of days")
    .min(1, "must be 1 to 365 days, or null for never")
    .max(365, "must be 1 to 365 days, or null for never")
    .nullable()
    .optional()
    .describe("1 to 365, or null to never close resolved tickets automatically"),
});
export type UpdateSettingsInput = z.infer<typeof updateSettingsBody>;
