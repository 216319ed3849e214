import os from "node:os";
import type { Kysely } from "kysely";
import { pino } from "pino";
import { AttachmentStorage } from "../attachments/attachment-storage.js";
import { SignedInUsers } from "../auth/authenticate.js";
import { loadConfig } from "../config/config.js";
import type { Engine } from "../db/database.js";
import type { DB } from "../db/schema.js";
import { DirectoryNames } from "../directory/directory-names.js";
import type { AppContext } from "../server/context.js";
import { InProcessNews } from "../server/in-process-news.js";
import { SlaPolicyBook } from "../sla/sla-policy-book.js";
import { OverdueCount } from "../tickets/overdue-count.js";
import { TicketIntake } from "../tickets/ticket-intake.js";

/**
 * What buildApp() gives the domain functions, for tests that call them without HTTP. Pass `names` to share
 * what one server process remembers of the directory across several contexts (as buildApp's requests do).
 * News stays within the context (in-process), on either engine.
 */
export function createTestContext(
  db: Kysely<DB>,
  engine: Engine,
  names: DirectoryNames = new DirectoryNames(),
): AppContext {
  const news = new InProcessNews(db);
  return {
    db,
    engine,
    config: loadConfig({}),
    storage: new AttachmentStorage(os.tmpdir()),
    overdue: new OverdueCount(),
    news,
    signedIn: new SignedInUsers(news),
    names,
    intake: new TicketIntake(db, names),
    sla: new SlaPolicyBook(news),
    log: pino({ level: "silent" }),
  };
}
