import cliProgress from "cli-progress";

export type Phase = { name: string; seconds: number };
export type LoadSummary = { url: string; tickets: number; comments: number; phases: Phase[] };

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

export function progressBar(label: string): cliProgress.SingleBar {
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
