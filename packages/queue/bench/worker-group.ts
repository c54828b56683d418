import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";

/** Worker processes, with their highest resident set size sampled from /proc. */
export class WorkerGroup {
  private readonly children: ChildProcess[] = [];
  peakRssMb = 0;
  private sampler?: NodeJS.Timeout;

  pids(): number[] {
    return this.children.map((child) => child.pid!);
  }

  async start(bundle: string, env: NodeJS.ProcessEnv, count: number) {
    // BENCH_PROFILE_DIR: each worker writes a V8 CPU profile there when it exits (open it in Chrome's DevTools).
    const profile = process.env.BENCH_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
    for (let i = 0; i < count; i++) this.children.push(spawn(process.execPath, [...profile, bundle], { env, stdio: ["ignore", "pipe", "inherit"] }));
    await Promise.all(this.children.map((child) => new Promise<void>((resolve) => child.stdout!.once("data", () => resolve()))));
    this.sampler = setInterval(() => this.sample(), 200);
  }

  private sample() {
    for (const child of this.children) {
      try {
        const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0);
        this.peakRssMb = Math.max(this.peakRssMb, kb / 1024);
      } catch {
        // exited
      }
    }
  }

  async stop() {
    clearInterval(this.sampler);
    this.sample();
    await Promise.all(this.children.map((child) => new Promise((resolve) => (child.once("exit", resolve), child.kill("SIGTERM")))));
  }
}
