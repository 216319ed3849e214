/**
 * PostgreSQL COPY text format: one line per row, tab-separated, `\N` for null, and
 * backslash, tab, newline and carriage return escaped inside values.
 */
export type CopyValue = string | number | boolean | Date | null | readonly string[];

const special = /[\\\t\n\r]/;

function escapeText(value: string): string {
  if (!special.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );
}

/** A text[] literal; the generator only uses plain slugs, which need no quoting. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.join(",")}}`;
}

export function copyLine(values: readonly CopyValue[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) line += "\t";
    if (value === null || value === undefined) line += "\\N";
    else if (value instanceof Date) line += value.toISOString();
    else if (typeof value === "string") line += escapeText(value);
    else if (Array.isArray(value)) line += escapeText(arrayLiteral(value));
    else line += String(value);
  }
  return `${line}\n`;
}
