import type { Kysely } from "kysely";

import type { AttachmentStorage } from "../attachments/attachment-storage.js";
import type { SignedInUsers } from "../auth/authenticate.js";
import type { Config } from "../config/config.js";
import type { Engine } from "../db/database.js";
import type { DB } from "../db/schema.js";
import type { DirectoryNames } from "../directory/directory-names.js";
import type { SlaPolicyBook } from "../sla/sla-policy-book.js";
import type { OverdueCount } from "../tickets/overdue-count.js";
import type { TicketIntake } from "../tickets/ticket-intake.js";
import type { InstanceNews } from "./instance-news.js";

/** What every domain function receives: the database and settings, never the HTTP request. */
export type AppContext = {
  db: Kysely<DB>;
  engine: Engine;
  config: Config;
  storage: AttachmentStorage;
  /** GET /tickets/stats' overdue number, recounted at most every few seconds; ticket writes clear it. */
  overdue: OverdueCount;
  /** News to and from every instance of this server on the same database (instance-news.ts). */
  news: InstanceNews;
  /** Who each session cookie and API token belongs to, for a few seconds; cleared by any change to them. */
  signedIn: SignedInUsers;
  /** The company, contact, agent and team names tickets show, kept exact by the directory version. */
  names: DirectoryNames;
  /** Numbers and inserts this server's new tickets, those arriving together in one statement. */
  intake: TicketIntake;
  /** The SLA policies with their calendars, forgotten in every instance when one is written. */
  sla: SlaPolicyBook;
  /** For work outside a request (mail, jobs); requests log through Fastify's own logger. */
  log: WorkLog;
};

/** Structured logging for work outside a request: Fastify's logger or pino (never log a secret). */
export type WorkLog = {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
};

/** The signed-in user a request acts as. */
export type Actor = {
  id: string;
  name: string;
  email: string;
  role: "admin" | "agent";
  team_id: string | null;
  /** How the request authenticated: cookie sessions need CSRF, API tokens do not. */
  via: "session" | "token";
  session_id: string | null;
};
