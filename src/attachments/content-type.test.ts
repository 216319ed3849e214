import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { detectContentType } from "./content-type.js";

const png = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5b1f5e90000000049454e44ae426082",
  "hex",
);

describe("detectContentType", () => {
  let dir: string;
  const write = async (name: string, bytes: Buffer | string) => {
    const file = path.join(dir, name);
    await fs.writeFile(file, bytes);
    return file;
  };
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "ticketdesk-type-"));
  });
  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it("trusts the bytes over the client's claim", async () => {
    expect(await detectContentType(await write("a", png), "text/plain")).toBe("image/png");
    expect(await detectContentType(await write("b", Buffer.from("%PDF-1.7\n%âãÏÓ\n")), "image/png")).toBe(
      "application/pdf",
    );
  });

  it("takes the client's type for text, without parameters, and octet-stream otherwise", async () => {
    const text = await write("c.csv", "name,email\nAda,ada@example.com\n");
    expect(await detectContentType(text, "text/csv; charset=utf-8")).toBe("text/csv");
    expect(await detectContentType(text, "application/x-msdownload")).toBe("application/octet-stream");
    expect(await detectContentType(text, undefined)).toBe("application/octet-stream");
    expect(await detectContentType(text, "text/html\r\nX-Evil: 1")).toBe("application/octet-stream");
    expect(await detectContentType(await write("empty", ""), "text/plain")).toBe("text/plain");
  });
});
