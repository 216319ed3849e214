#!/usr/bin/env node
// `npm start`: builds Ticketdesk when the build is missing or older than its sources, then runs
// `node dist/cli/main.js serve` (migrate + serve), passing signals on and its exit code back.
// Plain JavaScript on purpose: it must run before anything is compiled.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import { constants } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const entry = path.join(root, "dist/cli/main.js");
const webDir = path.join(root, "web");
const webIndex = path.join(root, "dist/web/index.html");
const hasWeb = fs.existsSync(webDir);

function modifiedAt(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

/** The newest modification time of any file under `target` (a file or a directory). */
function newest(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs; // a deleted file shows as a newer directory
  for (const entry of fs.readdirSync(target, { withFileTypes: true })) {
    // Tests are not part of the build; editing one should not trigger a rebuild.
    if (entry.name === "node_modules" || entry.name.startsWith(".") || /\.test\.tsx?$/.test(entry.name))
      continue;
    latest = Math.max(latest, newest(path.join(target, entry.name)));
  }
  return latest;
}

const inputs = ["src", "package.json", "tsconfig.json", "tsconfig.build.json", ...(hasWeb ? ["web"] : [])];
const sourcesChangedAt = Math.max(...inputs.map((input) => newest(path.join(root, input))));
const builtAt = Math.min(modifiedAt(entry), hasWeb ? modifiedAt(webIndex) : Number.POSITIVE_INFINITY);

if (builtAt < sourcesChangedAt) {
  const why = builtAt === Number.NEGATIVE_INFINITY ? "no build yet" : "sources changed since the last build";
  process.stderr.write(`Building Ticketdesk (${why})...\n`);
  // Under `npm start`, npm_execpath is the npm that runs us; otherwise use npm from PATH.
  const npm = process.env.npm_execpath;
  const build = npm
    ? spawnSync(process.execPath, [npm, "run", "build"], { cwd: root, stdio: "inherit" })
    : spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) {
    process.stderr.write("ticketdesk: the build failed (see above); not starting\n");
    process.exit(build.status ?? 1);
  }
}

const server = spawn(process.execPath, [entry, "serve"], { cwd: root, stdio: "inherit" });

// The server shuts down gracefully on SIGINT/SIGTERM (a second one forces it); SIGHUP means the
// terminal went away, which should stop it the same graceful way.
let stopping = false;
const forward = { SIGINT: "SIGINT", SIGTERM: "SIGTERM", SIGHUP: "SIGTERM" };
for (const [received, sent] of Object.entries(forward)) {
  process.on(received, () => {
    stopping = true;
    server.kill(sent);
  });
}

// npm hands SIGTERM to the `sh -c` that runs this script, and sh dies without passing it on:
// a parent that disappears means we were told to stop.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !stopping) {
    stopping = true;
    server.kill("SIGTERM");
  }
}, 500).unref();

server.on("exit", (code, signal) => {
  process.exit(signal ? 128 + (constants.signals[signal] ?? 1) : (code ?? 1));
});
server.on("error", (error) => {
  process.stderr.write(`ticketdesk: cannot start the server: ${error.message}\n`);
  process.exit(1);
});
