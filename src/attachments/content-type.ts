import { fileTypeFromFile } from "file-type";

const textType = /^text\/[a-z0-9][a-z0-9.+-]*$/;

/**
 * The content type of a stored file, from its bytes (magic numbers). Plain text has none, so
 * for text the client's claim is taken (its essence only, no parameters); anything else unknown
 * is application/octet-stream. The client never decides that a file is an image or a program.
 */
export async function detectContentType(filePath: string, clientType: string | undefined): Promise<string> {
  const detected = await fileTypeFromFile(filePath);
  if (detected) return detected.mime;
  const essence = clientType?.split(";")[0]?.trim().toLowerCase() ?? "";
  return textType.test(essence) ? essence : "application/octet-stream";
}
