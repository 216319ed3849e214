/** The text side of our mails. */

/** Line breaks as "\n", no trailing spaces, at most one empty line in a row, trimmed. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n|\r/g, "\n")
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** The start of a text, cut at a word boundary near `maxLength` characters with "…" when cut. */
export function excerpt(text: string, maxLength = 500): string {
  const tidy = tidyText(text);
  if (tidy.length <= maxLength) return tidy;
  const cut = tidy.slice(0, maxLength);
  const lastSpace = cut.search(/\s\S*$/);
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()} …`;
}

/** A quotation in the mail convention: each line prefixed with "> ". */
export function quoteText(text: string): string {
  return tidyText(text)
    .split("\n")
    .map((line) => (line === "" ? ">" : `> ${line}`))
    .join("\n");
}
