/**
 * A message with one attachment of exactly `bytes` decoded bytes, built at run time: a 30 MB
 * fixture is too big for git. Base64 in 76-character lines, as mail clients send it.
 */
export function makeLargeMail(bytes: number, filename = "disk-image.bin"): Buffer {
  const content = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i += 4096) content.writeUInt32BE(i, i + 4 <= bytes ? i : 0);
  const encoded = content.toString("base64");
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += 76) lines.push(encoded.slice(i, i + 76));
  const boundary = "----=_Part_large_0193a4b2";
  const head = [
    "From: Bernd Keller <bernd.keller@fabrikam.example>",
    "To: support@ticketdesk.example",
    "Subject: Crash dump of the print server",
    "Date: Tue, 8 Dec 2026 15:00:00 +0100",
    "Message-ID: <large-attachment-20261208@fabrikam.example>",
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "The crash dump is attached.",
    "",
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="${filename}"`,
    `Content-Disposition: attachment; filename="${filename}"`,
    "Content-Transfer-Encoding: base64",
    "",
    "",
  ].join("\r\n");
  return Buffer.concat([
    Buffer.from(head, "ascii"),
    Buffer.from(lines.join("\r\n"), "ascii"),
    Buffer.from(`\r\n--${boundary}--\r\n`, "ascii"),
  ]);
}
