import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { ApiApp } from "../server/app.js";

/** dist/web at the repository root, from both src/web-app (tsx) and dist/web-app (built). */
export const defaultWebRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist/web");

export type WebAppOptions = { root?: string };

function listFiles(root: string, dir = ""): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(root, relative) : [relative];
  });
}

function isApiPath(urlPath: string): boolean {
  return urlPath === "/api" || urlPath.startsWith("/api/");
}

/**
 * Serves the built agent web app: files under dist/web as they are (hashed assets cached for a
 * year), and index.html for every other GET outside /api so client-side routes survive a reload.
 * Unknown /api paths and missing asset files stay JSON 404s from the app's not-found handler.
 */
export async function webApp(app: ApiApp, options: WebAppOptions = {}): Promise<void> {
  const root = path.resolve(options.root ?? defaultWebRoot);
  const indexExists = fs.existsSync(path.join(root, "index.html"));
  if (!indexExists) {
    app.log.warn({ root }, "web app not built (run npm run build:web); serving the API only");
  }
  // The file list is fixed at start-up: only files that exist in the build are ever sent.
  const files = new Set(indexExists ? listFiles(root) : []);
  await app.register(fastifyStatic, { root, serve: false });

  app.get("/*", { schema: { hide: true } }, async (request, reply) => {
    const urlPath = request.url.split("?")[0] ?? "/";
    if (isApiPath(urlPath)) return reply.callNotFound();
    let relative: string;
    try {
      relative = decodeURIComponent(urlPath).replace(/^\/+/, "");
    } catch {
      return reply.callNotFound();
    }
    if (relative && files.has(relative)) {
      const hashed = relative.startsWith("assets/");
      return reply.sendFile(relative, {
        maxAge: hashed ? 365 * 24 * 3_600_000 : 0,
        immutable: hashed,
        cacheControl: true,
      });
    }
    // A missing file (it has an extension) is a 404; anything else is a route of the app.
    if (path.extname(relative) || !indexExists) return reply.callNotFound();
    reply.header("cache-control", "no-cache");
    return reply.sendFile("index.html", { cacheControl: false });
  });
}
