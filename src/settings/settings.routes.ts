import { authenticated } from "../auth/authenticate.js";
import type { ApiApp } from "../server/app.js";
import { authorizeSettings } from "./settings.policy.js";
import { settingsSchema, updateSettingsBody } from "./settings.schema.js";
import { getSettings, updateSettings } from "./settings.service.js";

/** The desk-wide settings (SPEC §7): auto-close, and the settings later stages add. */
export async function settingsRoutes(app: ApiApp): Promise<void> {
  const tags = ["settings"];

  app.get(
    "/settings",
    {
      schema: {
        tags,
        summary: "The desk's settings (any signed-in user)",
        response: { 200: settingsSchema },
      },
    },
    async (request) => {
      authorizeSettings(authenticated(request), "settings.read");
      return getSettings(app.ctx.db);
    },
  );

  app.patch(
    "/settings",
    {
      schema: {
        tags,
        summary: "Change the desk's settings (admin); only the fields given change",
        body: updateSettingsBody,
        response: { 200: settingsSchema },
      },
    },
    async (request) => {
      authorizeSettings(authenticated(request), "settings.update");
      return updateSettings(app.ctx, request.body);
    },
  );
}
