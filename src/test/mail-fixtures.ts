import { readFile } from "node:fs/promises";
import { parseInboundMail } from "../email/parse-inbound-mail.js";

const directory = new URL("./fixtures/mail/", import.meta.url);

/** The raw bytes of a fixture under src/test/fixtures/mail. */
export function readMailFixture(name: string): Promise<Buffer> {
  return readFile(new URL(name, directory));
}

/** A fixture parsed the way the intake parses mail. */
export async function parseMailFixture(name: string, options?: { maxAttachmentBytes?: number }) {
  return parseInboundMail(await readMailFixture(name), options);
}

/** The Message-ID form of our outbound mail, as the fixtures use it. */
export const ourMessageId = "ticket-0193a4b2-7c1d-7e4a-9b1f-2d3c4e5f6a7b.5f3a9c1e7d@ticketdesk.example";
export const ourOtherMessageId = "ticket-0193a4b2-7c1d-7e4a-9b1f-2d3c4e5f6a7b.a81c04b2e9@ticketdesk.example";
