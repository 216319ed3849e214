import { parseArgs } from "node:util";
import { composeMail } from "../email/compose-mail.js";
import { createMailTransport, sendMail } from "../email/smtp-transport.js";
import { agentReply } from "../email/templates/agent-reply.js";
import { startSmtpSink } from "../test/smtp-sink.js";

/**
 * How many mails a second the pooled transport hands to a local SMTP server (the test sink, in
 * this same process, so both share the CPU; a real relay on another host is the better case).
 *
 *   npx tsx src/bench/smtp-send-rate.ts [--mails 2000] [--connections 5]
 */
const { values } = parseArgs({
  options: { mails: { type: "string", default: "2000" }, connections: { type: "string", default: "5" } },
});
const mails = Number(values.mails);
const connections = Number(values.connections);

const sink = await startSmtpSink({ auth: { user: "desk", pass: "bench-password" } });
const transport = createMailTransport(sink.smtpUrl, { maxConnections: connections });
const content = agentReply({
  ticketNumber: "T-20251119-0042",
  subject: "Printer broken",
  body: "Please restart the printer and tell us whether the error comes back.\n".repeat(8),
  agentName: "Bob",
  deskName: "Acme Tech",
  previous: { authorName: "Anna", text: "The printer shows error 42 since this morning.\n".repeat(4) },
});
const compose = (i: number) =>
  composeMail({
    kind: "agent-reply",
    ticketId: "0195a3c2-7d1e-7a3b-9c4d-5e6f7a8b9c0d",
    outboxId: `bench-${i}`,
    signingKey: "a-bench-secret-of-32-characters!",
    from: { address: "support@help.example.com", name: "Acme Support" },
    verp: true,
    to: [{ address: `contact${i}@customer.example`, name: "Anna" }],
    content,
    inReplyTo: "<first@mail.customer.example>",
  });

// Warm-up: open the pool's connections and JIT the paths before timing.
await Promise.all(Array.from({ length: connections * 4 }, (_, i) => sendMail(transport, compose(i))));
const started = performance.now();
await Promise.all(Array.from({ length: mails }, (_, i) => sendMail(transport, compose(i))));
const seconds = (performance.now() - started) / 1000;
transport.close();
await sink.stop();
console.log(
  `${mails} mails over ${connections} pooled connections in ${seconds.toFixed(2)} s: ${(mails / seconds).toFixed(0)} mails/s`,
);
