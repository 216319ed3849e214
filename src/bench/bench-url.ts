import fs from "node:fs";

/** The same PostgreSQL server URL pointing at another database. */
export function databaseUrlFor(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Debian's PostgreSQL socket directory. */
const socketDirectory = "/var/run/postgresql";

/**
 * The local server through its Unix socket when there is one, as a same-host deployment connects: over
 * loopback TCP, sending each statement (writev) was 12–21% of the server's CPU per request, and the
 * socket served 15–18% more list and lookup requests per second (bench/README.md). TCP otherwise.
 */
export function defaultServerUrl(): string {
  return fs.existsSync(`${socketDirectory}/.s.PGSQL.5432`)
    ? `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDirectory)}`
    : "postgres://postgres@127.0.0.1:5432/postgres";
}

/** How a PostgreSQL URL reaches its server, for the report. */
export function transportOf(url: string): string {
  const host = new URL(url).searchParams.get("host");
  return host?.startsWith("/") ? `Unix socket in ${host}` : `TCP to ${new URL(url).host}`;
}

/** Whether the URL reaches a PostgreSQL server on this machine (a Unix socket, or loopback). */
export function isLocalServer(url: string): boolean {
  const parsed = new URL(url);
  const host = parsed.searchParams.get("host") ?? parsed.hostname;
  return host.startsWith("/") || ["localhost", "127.0.0.1", "[::1]", "::1", ""].includes(host);
}
