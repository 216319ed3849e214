import { z } from "zod";
import { loadConfig } from "../config/config.js";
import { createUser } from "../directory/create-user.js";
import { ValidationError } from "../shared/errors.js";
import { UsageError } from "./cli-errors.js";
import { migrateQuietly, parseCommandLine, withDatabase } from "./cli-options.js";

/** `create-admin --email --password --name`: the same rules as the API (unique email, password ≥ 10). */
export async function createAdminCommand(args: string[]): Promise<void> {
  const { values } = parseCommandLine("create-admin", args, {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
  });
  const missing = (["email", "password", "name"] as const).filter((key) => !values[key]);
  if (missing.length > 0) {
    throw new UsageError(`create-admin: missing ${missing.map((key) => `--${key}`).join(", ")}`);
  }
  const email = values.email?.trim() ?? "";
  if (!z.email().safeParse(email).success)
    throw ValidationError.field("email", `"${email}" is not an email address`);
  await withDatabase(loadConfig(), async (database) => {
    await migrateQuietly(database);
    const admin = await createUser(database.db, {
      email,
      password: values.password ?? "",
      name: values.name ?? "",
      role: "admin",
    });
    process.stdout.write(`Created admin ${admin.name} <${admin.email}> (id ${admin.id})\n`);
  });
}
