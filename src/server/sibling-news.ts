import cluster from "node:cluster";

/**
 * News between the instances one `serve` runs with WEB_CONCURRENCY > 1 (instances.ts): a worker tells the
 * primary, the primary passes it to every other worker. It carries what must take effect on the whole
 * server at once, not within a cache's lifetime: a sign-out, a revoked token, a deactivated user.
 * Outside such a worker (one instance, tests) there is nobody to tell and nothing arrives.
 */
export type SiblingNews = { ticketdesk: "signed-in-changed" };

export function isSiblingNews(message: unknown): message is SiblingNews {
  return (
    typeof message === "object" &&
    message !== null &&
    (message as { ticketdesk?: unknown }).ticketdesk === "signed-in-changed"
  );
}

export function tellSiblings(news: SiblingNews): void {
  if (cluster.isWorker && process.send && process.connected) process.send(news);
}

/** Calls `handler` for each piece of news another instance sent; returns how to stop listening. */
export function onSiblingNews(handler: (news: SiblingNews) => void): () => void {
  if (!cluster.isWorker) return () => {};
  const listener = (message: unknown) => {
    if (isSiblingNews(message)) handler(message);
  };
  process.on("message", listener);
  return () => process.off("message", listener);
}
