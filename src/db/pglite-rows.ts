import type { Results } from "@electric-sql/pglite";

/** A column of a prepared statement's row description, as PGlite's parser names it. */
export type Column = { name: string; dataTypeID: number };

type Parser = (value: string, typeId: number) => unknown;

/** Commands whose count PGlite adds to affectedRows. */
const affectingCommands = new Set(["INSERT", "UPDATE", "DELETE", "COPY", "MERGE"]);

/** How a prepared statement's rows are read: its columns and their type parsers, looked up once. */
export type RowShape = { columns: readonly Column[]; parsers: readonly (Parser | undefined)[] };

export function rowShape(
  described: readonly Column[],
  parsers: Record<number, Parser | undefined>,
): RowShape {
  const columns = described.map(({ name, dataTypeID }) => ({ name, dataTypeID }));
  return { columns, parsers: columns.map((column) => parsers[column.dataTypeID]) };
}

/**
 * The result of one prepared statement's Bind/Execute/Sync, read straight from the engine's wire bytes.
 * PGlite's own path copies every field into a new array before decoding it and builds each row with
 * Object.fromEntries: on a 25-ticket list page that was a quarter of the embedded server's CPU (CPU profile,
 * bench/README.md). Here a field is decoded in place and parsed with the same type parsers, and the result
 * has the shape PGlite's parseResults gives (rows, fields, command, affectedRows, rowCount).
 *
 * Returns undefined when the engine answered with an ErrorResponse: the caller hands those bytes to PGlite's
 * own parser, so errors carry exactly PGlite's fields (code, detail, constraint...). The command tag is read
 * here too, by PGlite's parseResults rules: sending the other messages back through PGlite's parser cost a
 * number search 5% (alternating runs).
 */
export function readPreparedResult(bytes: Uint8Array, shape: RowShape): Results<unknown> | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const rows: Record<string, unknown>[] = [];
  let command: string | undefined;
  let rowCount: number | undefined;
  let affectedRows = 0;
  let at = 0;
  while (at + 5 <= bytes.length) {
    const type = bytes[at];
    const length = view.getInt32(at + 1);
    const body = at + 5;
    const end = at + 1 + length;
    if (type === 0x45) return undefined; // 'E' ErrorResponse
    if (type === 0x44) rows.push(readRow(text, view, body, shape)); // 'D' DataRow
    if (type === 0x43) {
      // 'C' CommandComplete: "SELECT 25", "INSERT 0 1", "UPDATE 3"...
      const tag = text.toString("utf8", body, end - 1);
      const words = tag.split(" ");
      command = words[0];
      const count = Number.parseInt(words[words.length - 1] ?? "", 10);
      if (!Number.isNaN(count)) rowCount = count;
      if (affectingCommands.has(command ?? "")) affectedRows += count;
    }
    at = end;
  }
  const result: Results<unknown> & { command?: string; rowCount?: number } = {
    rows,
    fields: shape.columns as Column[],
    affectedRows,
  };
  if (command !== undefined) result.command = command;
  if (rowCount !== undefined) result.rowCount = rowCount;
  return result;
}

function readRow(bytes: Buffer, view: DataView, body: number, shape: RowShape): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  const count = view.getInt16(body);
  let at = body + 2;
  for (let i = 0; i < count; i += 1) {
    const length = view.getInt32(at);
    at += 4;
    const column = shape.columns[i] as Column;
    if (length < 0) {
      row[column.name] = null;
      continue;
    }
    const value = bytes.toString("utf8", at, at + length);
    at += length;
    const parse = shape.parsers[i];
    row[column.name] = parse ? parse(value, column.dataTypeID) : value;
  }
  return row;
}
