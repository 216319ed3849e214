import { loadConfig } from "../config/config.js";
import { serve } from "../server/serve.js";
import { parseCommandLine } from "./cli-options.js";

/** `serve`: everything comes from the environment, so it takes no options. */
export async function serveCommand(args: string[]): Promise<void> {
  parseCommandLine("serve", args, {});
  await serve(loadConfig());
}
