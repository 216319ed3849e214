import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { InProcessNews } from "../server/in-process-news.js";
import { SlaPolicyBook } from "../sla/sla-policy-book.js";

/** A policy book of its own, for tests that record tickets without an app (recordNewTicket's clock). */
export function testSlaBook(db: Kysely<DB>): SlaPolicyBook {
  return new SlaPolicyBook(new InProcessNews(db));
}
