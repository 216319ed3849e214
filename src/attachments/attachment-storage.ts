import { createReadStream, createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { PayloadTooLargeError } from "../shared/errors.js";
import { newId } from "../shared/ids.js";

export type StoredFile = { key: string; size: number; head: Buffer };

const keyPattern = /^\d{4}\/\d{2}\/[0-9a-f-]{36}$/;

/**
 * Files on disk under <root>/YYYY/MM/<generated id>, never under the user's file name.
 * Uploads stream to a temporary file and are renamed into place only when complete,
 * so an aborted or oversize upload leaves nothing behind.
 */
export class AttachmentStorage {
  constructor(readonly root: string) {}

  pathOf(key: string): string {
    if (!keyPattern.test(key)) throw new Error(`Invalid storage key ${key}`);
    return path.join(this.root, key);
  }

  async save(source: Readable, options: { maxBytes: number; now?: Date }): Promise<StoredFile> {
    const now = options.now ?? new Date();
    const id = newId();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, "0")}/${id}`;
    const tmpDir = path.join(this.root, "tmp");
    await fs.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, id);
    let size = 0;
    const headChunks: Buffer[] = [];
    let headSize = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > options.maxBytes) {
          callback(new PayloadTooLargeError(`File is larger than ${options.maxBytes} bytes`));
          return;
        }
        if (headSize < 4100) {
          headChunks.push(chunk.subarray(0, 4100 - headSize));
          headSize += Math.min(chunk.length, 4100 - headSize);
        }
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tmp, { flags: "wx" }));
      // A multipart stream that hit its own size limit ends early instead of erroring.
      if ((source as Readable & { truncated?: boolean }).truncated) {
        throw new PayloadTooLargeError(`File is larger than ${options.maxBytes} bytes`);
      }
      const final = this.pathOf(key);
      await fs.mkdir(path.dirname(final), { recursive: true });
      await fs.rename(tmp, final);
    } catch (error) {
      await fs.rm(tmp, { force: true });
      throw error;
    }
    return { key, size, head: Buffer.concat(headChunks) };
  }

  read(key: string): Readable {
    return createReadStream(this.pathOf(key));
  }

  /**
   * Opens a stored file for streaming, with its size taken from the open handle (so a file
   * removed meanwhile cannot leave a response half-described); null when the file is missing.
   */
  async open(key: string): Promise<{ size: number; stream: Readable } | null> {
    const handle = await fs.open(this.pathOf(key), "r").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    if (!handle) return null;
    try {
      const { size } = await handle.stat();
      return { size, stream: handle.createReadStream({ autoClose: true }) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    return fs.access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  /** Best effort: a file already gone is not an error. */
  async remove(keys: readonly string[]): Promise<void> {
    await Promise.all(keys.map((key) => fs.rm(this.pathOf(key), { force: true })));
  }
}
