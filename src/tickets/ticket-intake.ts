import type { Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import type { DirectoryNames } from "../directory/directory-names.js";
import type { TicketRow } from "./ticket.repository.js";
import {
  insertNumberedTickets,
  type TicketNumbering,
  type UnnumberedTicket,
} from "./ticket-intake.repository.js";

type Waiting = {
  numbering: TicketNumbering;
  ticket: UnnumberedTicket;
  resolve: (row: TicketRow) => void;
  reject: (error: unknown) => void;
};

/**
 * The tickets this server is creating, numbered and inserted together.
 *
 * Every creation of a day holds that day's counter row from its number until its commit (that is what makes
 * numbers gap-free across instances), so one day's creations are serial on the database: at one ticket per
 * statement the hold time (the insert into ~24 indexes, then the WAL flush) capped them at ~590/s on the
 * benchmark machine. Here a ticket that arrives while a statement is running waits for it and goes into the
 * next one with every other ticket that arrived meanwhile: one counter update, one multi-row insert, one
 * commit for all of them (group commit). A lone ticket goes at once, so nothing waits for a timer.
 *
 * If a batch fails (a company deleted since it was checked, a value the database refuses), each of its
 * tickets goes again on its own, so the error reaches only the request it belongs to; the rolled-back batch
 * burnt no number.
 */
export class TicketIntake {
  readonly #waiting: Waiting[] = [];
  #inserting = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly names: DirectoryNames,
    private readonly maxBatch = 64,
  ) {}

  /** Numbers and inserts the ticket (with its `created` event); resolves with its representation row. */
  record(numbering: TicketNumbering, ticket: UnnumberedTicket): Promise<TicketRow> {
    return new Promise<TicketRow>((resolve, reject) => {
      this.#waiting.push({ numbering, ticket, resolve, reject });
      if (!this.#inserting) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#inserting = true;
    try {
      for (let batch = this.#nextBatch(); batch.length > 0; batch = this.#nextBatch())
        await this.#insert(batch);
    } finally {
      this.#inserting = false;
    }
  }

  /** The oldest waiting ticket and those of the same day after it, in arrival order, up to maxBatch. */
  #nextBatch(): Waiting[] {
    const day = this.#waiting[0]?.numbering.day;
    const batch: Waiting[] = [];
    for (let i = 0; i < this.#waiting.length && batch.length < this.maxBatch; ) {
      const waiting = this.#waiting[i];
      if (waiting && waiting.numbering.day === day) {
        batch.push(waiting);
        this.#waiting.splice(i, 1);
      } else i += 1;
    }
    return batch;
  }

  /** Never throws: each waiting creation is settled with its row or its own error. */
  async #insert(batch: Waiting[]): Promise<void> {
    const [first] = batch;
    if (!first) return;
    try {
      const rows = await this.names.name(
        this.db,
        await insertNumberedTickets(
          this.db,
          first.numbering,
          batch.map((w) => w.ticket),
        ),
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      for (const waiting of batch) {
        const row = byId.get(waiting.ticket.id);
        if (row) waiting.resolve(row);
        else waiting.reject(new Error("a batched ticket was not returned by its insert"));
      }
    } catch (error) {
      if (batch.length === 1) {
        first.reject(error);
        return;
      }
      for (const waiting of batch) await this.#insert([waiting]);
    }
  }
}
