import path from "node:path";
import { z } from "zod";

/** A start-up error that names the offending setting; the CLI prints its message as one line. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const integer = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const envSchema = z.object({
  PORT: integer(0, 65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  TIMEZONE: z
    .string()
    .refine(isTimeZone, "must be an IANA time zone such as UTC or Asia/Bangkok")
    .default("UTC"),
  ATTACHMENT_MAX_BYTES: integer(1, 2 ** 40).default(25 * 1024 * 1024),
  LOG_LEVEL: z.enum(logLevels).default("info"),
  SESSION_TTL_HOURS: integer(1, 24 * 365).default(24 * 14),
  DATABASE_POOL_SIZE: integer(1, 200).default(10),
  DATABASE_PIPELINES: integer(0, 16).default(2),
  WEB_CONCURRENCY: integer(1, 64).default(1),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]+/, "must be smtp://[user:password@]host[:port] or smtps://…")
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^\s@<>]+@[^\s@<>]+$/, "must be an email address such as support@example.com")
    .optional(),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://help.example.com" })
    .optional(),
  SMTP_LISTEN_PORT: integer(0, 65535).optional(),
  SMTP_LISTEN_HOST: z.string().min(1).optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  timeZone: string;
  attachmentMaxBytes: number;
  logLevel: (typeof logLevels)[number];
  sessionTtlHours: number;
  databasePoolSize: number;
  /** Connections per instance on which statements outside transactions are pipelined (db/pipelined-pool.ts). */
  databasePipelines: number;
  /** Server processes sharing the port (src/server/instances.ts); more than one needs DATABASE_URL. */
  webConcurrency: number;
  /** Outbound relay; unset, mail waits in the outbox (`queued`) until it is set (SPEC §6). Holds a password: never log it. */
  smtpUrl: string | undefined;
  /** Sender of mail whose mailbox has no address of its own. */
  mailFrom: string;
  /** Base of links in mails, without a trailing slash. */
  publicUrl: string;
  /** Inbound SMTP listener (email/smtp-listener.ts); undefined = off. */
  smtpListen: { port: number; host: string } | undefined;
};

/** Reads settings from the environment; empty strings count as unset. Throws ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(
    Object.keys(envSchema.shape)
      .map((key) => [key, env[key]?.trim()])
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? "environment");
    throw new ConfigError(`Invalid ${name}=${JSON.stringify(input[name] ?? "")}: ${issue?.message}`);
  }
  const e = parsed.data;
  if (e.WEB_CONCURRENCY > 1 && !e.DATABASE_URL)
    throw new ConfigError(
      `Invalid WEB_CONCURRENCY=${JSON.stringify(input.WEB_CONCURRENCY)}: more than one process needs DATABASE_URL (PostgreSQL); the embedded database belongs to one process`,
    );
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    timeZone: e.TIMEZONE,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    logLevel: e.LOG_LEVEL,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    databasePipelines: e.DATABASE_PIPELINES,
    webConcurrency: e.WEB_CONCURRENCY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? "ticketdesk@localhost",
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    smtpListen:
      e.SMTP_LISTEN_PORT === undefined
        ? undefined
        : { port: e.SMTP_LISTEN_PORT, host: e.SMTP_LISTEN_HOST ?? e.HOST },
  };
}
