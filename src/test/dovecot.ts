import { type ChildProcess, execFile, spawn } from "node:child_process";
import fsp from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { ImapFlow } from "imapflow";
import type { ImapSettings } from "../email/imap-settings.js";

/**
 * A private dovecot for tests: its own config, sockets, state, log and maildirs in a temp dir, an IMAP
 * listener on a free port of 127.0.0.1, plain-text passwords. One per test file (it starts in well under a
 * second). Mail processes run as nobody (65534): dovecot refuses uid 0 for them.
 */
export type Dovecot = {
  host: string;
  port: number;
  /** The implicit-TLS port (self-signed certificate) when started with `{ tls: true }`, else null. */
  tlsPort: number | null;
  /** Connection settings for one of this server's users (password as given to addUser). */
  settings(user: string, overrides?: Partial<ImapSettings>): ImapSettings;
  /** Adds a user; works while running. */
  addUser(user: string, password: string): Promise<void>;
  /** Appends a message over IMAP (creating the folder when missing); returns its UID. */
  deliver(user: string, raw: Buffer | string, folder?: string): Promise<number>;
  /**
   * Appends messages in order over one connection (dovecot allows 10 per user and address, and the
   * watchers under test hold some); `onEach` after each append. Returns their UIDs.
   */
  deliverAll(
    user: string,
    raws: readonly (Buffer | string)[],
    options?: { folder?: string; onEach?: (index: number) => void },
  ): Promise<number[]>;
  /** The folder's messages in UID order, read without changing their flags. */
  messages(user: string, folder?: string): Promise<MailboxMessage[]>;
  /** UID → whether the message carries \Seen. */
  seenFlags(user: string, folder?: string): Promise<Map<number, boolean>>;
  /** Stops the server but keeps its mail, users and port, to simulate an outage; `restart()` undoes it. */
  kill(): Promise<void>;
  /** Starts the server again on the same port after `kill()`. */
  restart(): Promise<void>;
  /** Stops the server and deletes everything it had. */
  stop(): Promise<void>;
};

export type MailboxMessage = { uid: number; seen: boolean; messageId: string | undefined; subject: string };

export type DovecotOptions = {
  /** false: the server does not advertise IDLE, so clients must poll. */
  idle?: boolean;
  /** true: also an implicit-TLS listener with a freshly made self-signed certificate. */
  tls?: boolean;
};

const dovecotBinary = process.env.DOVECOT_BINARY ?? "/usr/sbin/dovecot";
const mailUid = 65534;
/** Dovecot 2.3's own capability list after login, minus IDLE. */
const capabilitiesWithoutIdle =
  "IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE LITERAL+ SORT SORT=DISPLAY THREAD=REFERENCES " +
  "THREAD=REFS THREAD=ORDEREDSUBJECT MULTIAPPEND URL-PARTIAL CATENATE UNSELECT CHILDREN NAMESPACE " +
  "UIDPLUS LIST-EXTENDED I18NLEVEL=1 CONDSTORE QRESYNC ESEARCH ESORT SEARCHRES WITHIN CONTEXT=SEARCH " +
  "LIST-STATUS BINARY MOVE SNIPPET=FUZZY PREVIEW=FUZZY PREVIEW STATUS=SIZE SAVEDATE LITERAL+";

/**
 * Runs dovecot under a small shell that holds our end of a pipe: when the test process goes away in any
 * way (a failed test, a killed worker) the pipe closes, and the shell stops dovecot and deletes its temp
 * dir. A TERM to the group (stop, kill) instead waits for dovecot to finish, so its port is free again.
 */
const sentinel = `
exec 3<&0
"$1" -F -c "$2" </dev/null &
server=$!
trap 'kill -TERM "$server" 2>/dev/null; wait "$server"; exit 0' TERM
{ read -r _ <&3; kill -TERM "$server" 2>/dev/null
  while kill -0 "$server" 2>/dev/null; do sleep 0.1; done; rm -rf "$3"; } &
wait "$server"
`;

export async function startDovecot(options: DovecotOptions = {}): Promise<Dovecot> {
  if (process.getuid?.() !== 0)
    throw new Error("startDovecot needs root: dovecot's login processes drop to dovenull");
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), "ticketdesk-dovecot-"));
  // dovecot's unprivileged processes (dovenull, dovecot, nobody) must reach the sockets, config and mail.
  await fsp.chmod(dir, 0o755);
  const mailDir = path.join(dir, "mail");
  for (const sub of ["run", "state", "mail"]) await fsp.mkdir(path.join(dir, sub), { mode: 0o755 });
  await fsp.chown(mailDir, mailUid, mailUid);
  // One passwd-file per user: dovecot re-reads a passwd-file at most once a second, so a user appended to a
  // shared file could stay unknown for up to a second; a file first looked up after it was written cannot.
  const usersDir = path.join(dir, "users");
  await fsp.mkdir(usersDir, { mode: 0o755 });
  const passwords = new Map<string, string>();

  const port = await freePort();
  const tlsPort = options.tls ? await freePort() : null;
  if (options.tls) await makeSelfSignedCertificate(dir);
  const configFile = path.join(dir, "dovecot.conf");
  await fsp.writeFile(
    configFile,
    config({ dir, port, tlsPort, idle: options.idle ?? true, usersDir, mailDir }),
  );

  let child: ChildProcess | null = null;
  const start = async () => {
    child = await launch(dir, port);
  };
  const halt = async () => {
    if (child) await terminate(child);
    child = null;
  };
  await start().catch(async (error: unknown) => {
    await fsp.rm(dir, { recursive: true, force: true });
    throw error;
  });

  const settings = (user: string, overrides: Partial<ImapSettings> = {}): ImapSettings => ({
    host: "127.0.0.1",
    port,
    secure: false,
    user,
    password: passwords.get(user) ?? "",
    folder: "INBOX",
    ...overrides,
  });
  const withClient = async <T>(user: string, work: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const { host, password } = settings(user);
    // rejectUnauthorized: false, as a TLS instance offers STARTTLS with its self-signed certificate.
    const auth = { user, pass: password };
    const client = new ImapFlow({ host, port, auth, logger: false, tls: { rejectUnauthorized: false } });
    client.on("error", () => {});
    try {
      await client.connect();
      return await work(client);
    } catch (error) {
      // imapflow's "Command failed" alone does not say which command, nor what the server answered.
      const { message, executedCommand, responseText } = error as Error & Record<string, unknown>;
      const command = typeof executedCommand === "string" ? executedCommand.split(" ")[1] : "connect";
      throw new Error(`dovecot helper for ${user}: ${command}: ${message} ${responseText ?? ""}`, {
        cause: error,
      });
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  const messages = (user: string, folder = "INBOX") =>
    withClient(user, async (client) => {
      const mailbox = await client.mailboxOpen(folder, { readOnly: true });
      if (mailbox.exists === 0) return [];
      const found = await client.fetchAll("1:*", { uid: true, flags: true, envelope: true });
      return found
        .map((message) => ({
          uid: message.uid,
          seen: message.flags?.has("\\Seen") ?? false,
          messageId: message.envelope?.messageId,
          subject: message.envelope?.subject ?? "",
        }))
        .sort((a, b) => a.uid - b.uid);
    });

  return {
    host: "127.0.0.1",
    port,
    tlsPort,
    settings,
    async addUser(user, password) {
      if (/[:\n]/.test(user + password)) throw new Error("passwd-file entries cannot hold ':' or newlines");
      if (passwords.has(user)) throw new Error(`user ${user} exists already`);
      if (!/^[\w.-]+$/.test(user)) throw new Error(`user names here are file names: ${user}`);
      await fsp.writeFile(path.join(usersDir, user), `${user}:{PLAIN}${password}::::::\n`, { mode: 0o644 });
      passwords.set(user, password);
    },
    deliver: (user, raw, folder = "INBOX") =>
      withClient(user, async (client) => {
        if (folder !== "INBOX") await client.mailboxCreate(folder).catch(() => undefined);
        const appended = await client.append(folder, raw);
        if (!appended || appended.uid === undefined) throw new Error(`append to ${folder} returned no UID`);
        return appended.uid;
      }),
    deliverAll: (user, raws, { folder = "INBOX", onEach } = {}) =>
      withClient(user, async (client) => {
        const uids: number[] = [];
        for (const [index, raw] of raws.entries()) {
          const appended = await client.append(folder, raw);
          if (!appended || appended.uid === undefined) throw new Error(`append to ${folder} returned no UID`);
          uids.push(appended.uid);
          onEach?.(index);
        }
        return uids;
      }),
    messages,
    async seenFlags(user, folder = "INBOX") {
      return new Map((await messages(user, folder)).map((message) => [message.uid, message.seen]));
    },
    kill: halt,
    restart: start,
    async stop() {
      await halt();
      await fsp.rm(dir, { recursive: true, force: true });
    },
  };
}

function config(c: {
  dir: string;
  port: number;
  tlsPort: number | null;
  idle: boolean;
  usersDir: string;
  mailDir: string;
}): string {
  const tls = c.tlsPort !== null;
  return `
base_dir = ${c.dir}/run
state_dir = ${c.dir}/state
log_path = ${c.dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = ${tls ? "yes" : "no"}
${tls ? `ssl_cert = <${c.dir}/cert.pem\nssl_key = <${c.dir}/key.pem` : ""}
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = dovenull
default_internal_user = dovecot
first_valid_uid = ${mailUid}
mail_location = maildir:~/Maildir
${c.idle ? "" : `imap_capability = ${capabilitiesWithoutIdle}`}
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${c.usersDir}/%u
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailUid} home=${c.mailDir}/%u
}
# No growing delay for an address after failed logins: tests fail logins on purpose.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
service imap-login {
  inet_listener imap {
    port = ${c.port}
  }
  inet_listener imaps {
    port = ${c.tlsPort ?? 0}
  }
}
`;
}

async function launch(dir: string, port: number): Promise<ChildProcess> {
  // Its own process group (detached), so stopping it also stops every process it forked.
  const child = spawn(
    "sh",
    ["-c", sentinel, "dovecot-sentinel", dovecotBinary, path.join(dir, "dovecot.conf"), dir],
    {
      detached: true,
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  // Nothing here keeps the test process alive: a forgotten stop() is the sentinel's to clean up.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as net.Socket | null)?.unref();
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  if (child.pid === undefined) throw new Error(`could not start ${dovecotBinary}`);
  try {
    await waitForGreeting(port, child);
    return child;
  } catch (error) {
    await terminate(child);
    const log = await fsp.readFile(path.join(dir, "dovecot.log"), "utf8").catch(() => "");
    throw new Error(`dovecot did not start: ${(error as Error).message}\n${output}\n${log.slice(-4000)}`);
  }
}

async function waitForGreeting(port: number, child: ChildProcess, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`exited (${child.exitCode})`);
    if (await greets(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no IMAP greeting on port ${port} within ${timeoutMs} ms`);
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once("data", (data) => done(data.toString().startsWith("* OK")));
    socket.once("error", () => done(false));
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  killGroup(pid, "SIGTERM");
  const timer = setTimeout(() => killGroup(pid, "SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
  // Anything of the group that outlived the master (a mail process mid-command) goes too.
  killGroup(pid, "SIGKILL");
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        address && typeof address === "object" ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

async function makeSelfSignedCertificate(dir: string): Promise<void> {
  await promisify(execFile)("openssl", [
    ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"],
    ...["-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem")],
  ]);
  await fsp.chmod(path.join(dir, "key.pem"), 0o600);
}
