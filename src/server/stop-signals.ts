/** A repeat within this window is the same Ctrl+C arriving twice (terminal + npm/tsx relaying it). */
const repeatWindowMs = 1_000;

/**
 * SIGTERM and SIGINT as a server process takes them: the first asks for a graceful `stop`; a repeat
 * within a second is the same Ctrl+C and is ignored; a later one asks to `force` the exit, for a
 * shutdown that hangs on a stuck request.
 */
export function onStopSignals(handlers: {
  stop(signal: NodeJS.Signals): void;
  force(signal: NodeJS.Signals): void;
}): void {
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt === undefined) {
      firstSignalAt = Date.now();
      handlers.stop(signal);
    } else if (Date.now() - firstSignalAt >= repeatWindowMs) {
      handlers.force(signal);
    }
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
