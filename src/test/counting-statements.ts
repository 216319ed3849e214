import type { Kysely, KyselyPlugin } from "kysely";
import type { DB } from "../db/schema.js";

/** Counts the statements sent through a Kysely instance (one result each; subqueries are not sent). */
export function countingStatements(db: Kysely<DB>) {
  const counter = { statements: 0 };
  const plugin: KyselyPlugin = {
    transformQuery: (args) => args.node,
    async transformResult(args) {
      counter.statements += 1;
      return args.result;
    },
  };
  return { db: db.withPlugin(plugin), counter };
}
