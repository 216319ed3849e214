/** What every template returns; compose-mail turns it into a message. */
export type MailContent = { subject: string; text: string; html: string };

/** "Hello Anna," or "Hello," when we have no name. */
export function greeting(name: string | null | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? `Hello ${trimmed},` : "Hello,";
}
