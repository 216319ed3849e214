import cliProgress from "cli-progress";

export type Phase = { name: string; seconds: number };
export type LoadSummary = { url: string; tickets: number; comments: number; events: number; phases: Phase[] };

/** Times consecutive phases of a load; each end() closes the phase that started at the previous one. */
export class Phases {
  readonly list: Phase[] = [];
  private last = performance.now();
  private readonly started = this.last;

  end(name: string): void {
    const now = performance.now();
    const phase = { name, seconds: (now - this.last) / 1000 };
    this.list.push(phase);
    this.last = now;
    process.stderr.write(`  ${name}: ${phase.seconds.toFixed(1)} s\n`);
  }

  get totalSeconds(): number {
    return (this.last - this.started) / 1000;
  }
}

/** A bar on a terminal; a line every 10 s when stderr is a file or pipe. */
export type Progress = {
  start(total: number, value: number, payload?: Record<string, unknown>): void;
  increment(step?: number, payload?: Record<string, unknown>): void;
  stop(): void;
};

export function progressBar(label: string): Progress {
  if (!process.stderr.isTTY) {
    let total = 0;
    let value = 0;
    let payload: Record<string, unknown> = {};
    let timer: NodeJS.Timeout | undefined;
    const print = () => process.stderr.write(`  ${label}: ${value}/${total} ${JSON.stringify(payload)}\n`);
    return {
      start(t, v, p) {
        total = t;
        value = v;
        payload = p ?? {};
        timer = setInterval(print, 10_000);
      },
      increment(step = 1, p?: Record<string, unknown>) {
        value += step;
        if (p) payload = p;
      },
      stop() {
        clearInterval(timer);
        print();
      },
    };
  }
  return new cliProgress.SingleBar(
    {
      format: `  ${label.padEnd(8)} [{bar}] {percentage}% {value}/{total} | comments {comments} | {duration}s, eta {eta}s`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      stream: process.stderr,
    },
    cliProgress.Presets.shades_classic,
  );
}
