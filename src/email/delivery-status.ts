/**
 * Reading a delivery status notification (RFC 3464): who could not be reached, with what status,
 * and which of our messages it was about. Pure functions of the report's parts as text.
 */

export type Bounce = {
  /** Message-IDs (without brackets) of the returned message: the one we sent. */
  originalMessageIds: string[];
  /** Recipients the report is about, lower-cased. */
  recipients: string[];
  /** The first recipient's status code, e.g. "5.1.1". */
  status: string | null;
  /** The first recipient's diagnostic, without its type ("smtp; "), unfolded. */
  diagnostic: string | null;
  /** True when delivery failed for good (action "failed" or a 5.x.x status), false for a delay. */
  permanent: boolean;
};

type Fields = Map<string, string>;

/** The per-recipient part of a message/delivery-status body. */
export function readDeliveryStatus(report: string): Omit<Bounce, "originalMessageIds"> {
  const groups = report
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map(fieldsOf)
    .filter((fields) => fields.has("final-recipient") || fields.has("original-recipient"));
  const recipients = [
    ...new Set(
      groups
        .map((fields) => address(fields.get("final-recipient") ?? fields.get("original-recipient") ?? ""))
        .filter((value) => value !== ""),
    ),
  ];
  const failed = groups.filter((fields) => fields.get("action")?.toLowerCase() === "failed");
  const first = failed[0] ?? groups[0];
  const status = first?.get("status")?.match(/\d\.\d{1,3}\.\d{1,3}/)?.[0] ?? null;
  const diagnostic = first?.get("diagnostic-code")?.replace(/^[^;]*;\s*/, "") ?? null;
  return {
    recipients,
    status,
    diagnostic: diagnostic || null,
    permanent: failed.length > 0 || status?.startsWith("5") === true,
  };
}

/** Message-IDs named by the Message-ID header(s) of a returned message or its header block. */
export function messageIdsInHeaderBlock(message: string): string[] {
  const head = message.replace(/\r\n?/g, "\n").split(/\n\s*\n/)[0] ?? "";
  const value = fieldsOf(head).get("message-id");
  return value ? messageIdsIn(value) : [];
}

/** Message-IDs in a header value ("<a@b> <c@d>"), without brackets; a bare id is taken as is. */
export function messageIdsIn(value: string | string[] | undefined | null): string[] {
  const text = Array.isArray(value) ? value.join(" ") : (value ?? "");
  const bracketed = [...text.matchAll(/<([^<>\s]+)>/g)].map((match) => match[1] ?? "");
  const ids = bracketed.length > 0 ? bracketed : text.trim() && !/\s/.test(text.trim()) ? [text.trim()] : [];
  return [...new Set(ids.filter((id) => id !== ""))];
}

/** "Name: value" fields of one block, unfolded, by lower-case name; the first occurrence wins. */
function fieldsOf(block: string): Fields {
  const fields: Fields = new Map();
  let name: string | null = null;
  for (const line of block.split("\n")) {
    if (/^[ \t]/.test(line) && name) {
      fields.set(name, `${fields.get(name)} ${line.trim()}`.trim());
      continue;
    }
    const match = /^([!-9;-~]+):\s*(.*)$/.exec(line);
    if (!match?.[1]) {
      name = null;
      continue;
    }
    name = match[1].toLowerCase();
    if (fields.has(name)) name = null;
    else fields.set(name, (match[2] ?? "").trim());
  }
  return fields;
}

/** "rfc822; J.Doe@example.com" → "j.doe@example.com". */
function address(value: string): string {
  const raw = value.includes(";") ? value.slice(value.indexOf(";") + 1) : value;
  return raw.trim().replace(/^<|>$/g, "").toLowerCase();
}
