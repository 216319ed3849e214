import type { Database } from "../db/database.js";
import { InProcessNews } from "./in-process-news.js";
import type { InstanceNews, NewsLog } from "./instance-news.js";
import { PostgresNews } from "./postgres-news.js";

/** LISTEN/NOTIFY on PostgreSQL, where several instances may share the database; in-process on PGlite. */
export function openInstanceNews(database: Database, log?: NewsLog): InstanceNews {
  return database.dedicatedClient
    ? new PostgresNews(database.db, database.dedicatedClient, log)
    : new InProcessNews(database.db, log);
}
