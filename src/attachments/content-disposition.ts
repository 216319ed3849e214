/**
 * `Content-Disposition: attachment` for a download: a plain-ASCII `filename` for old clients and the
 * exact name as RFC 5987 `filename*`. Browsers then always save the file and never render it.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    // Quotes, backslashes and % would be read as syntax or escapes by some clients.
    .replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name.replace(/\p{Cs}/gu, "\uFFFD")).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
