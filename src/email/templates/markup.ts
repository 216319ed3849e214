/**
 * The HTML side of our mails: everything from users is escaped, links are checked to be http(s),
 * styles are inline (mail clients drop <style> blocks) and there are no remote images (clients
 * block them, and they would tell a tracker when a mail is read).
 */

const htmlEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => htmlEntities[c] ?? c);
}

/** User text as HTML: escaped, each line break a <br>. */
export function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, "<br>\n");
}

const font = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif";
const muted = "color:#57606a";

export function paragraph(html: string): string {
  return `<p style="margin:0 0 16px 0">${html}</p>`;
}

/** Someone's words, set off as a quotation. */
export function quotation(text: string): string {
  return `<blockquote style="margin:0 0 16px 0;padding:0 0 0 12px;border-left:3px solid #d0d7de;${muted}">${textToHtml(text)}</blockquote>`;
}

/** A link to a URL we built; refuses anything but absolute http(s) URLs, so no `javascript:` can slip in. */
export function link(url: string, label: string): string {
  return `<a href="${escapeHtml(checkedUrl(url))}" style="color:#0969da">${escapeHtml(label)}</a>`;
}

export function checkedUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== "https:" && parsed.protocol !== "http:"))
    throw new Error(`Not an http(s) URL: ${url}`);
  return parsed.href;
}

/** A whole HTML document: a centred white card, the footer in small grey type under it. */
export function htmlDocument({
  title,
  body,
  footer,
}: {
  title: string;
  body: string;
  footer: string;
}): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f6f8fa">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background-color:#f6f8fa">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background-color:#ffffff;border:1px solid #d0d7de;border-radius:6px">
<tr><td style="padding:24px;${font};font-size:15px;line-height:1.5;color:#1f2328">
${body}
</td></tr>
</table>
<p style="margin:12px 0 0 0;max-width:600px;${font};font-size:12px;line-height:1.4;${muted}">${footer}</p>
</td></tr>
</table>
</body>
</html>
`;
}
