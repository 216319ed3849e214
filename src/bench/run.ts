export type RunOptions = {
  engine: "postgres" | "pglite";
  serverUrl: string;
  database: string;
  dataDir: string;
  only: string[] | undefined;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  build: boolean;
  baseline: boolean;
  port: number;
};

export async function runBenchmark(_options: RunOptions): Promise<void> {
  throw new Error("not yet");
}
