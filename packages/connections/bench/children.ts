import { type ChildProcess, spawn, type SpawnOptions } from "node:child_process";

/**
 * Child processes of the benchmark, each the leader of its own process group so
 * that stopping it also stops anything it started. Every one still running is
 * sent SIGTERM when this process exits, however it exits.
 */
const running = new Set<ChildProcess>();

function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

process.on("exit", () => running.forEach((child) => signalGroup(child, "SIGTERM")));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => process.exit(130));
}

export function spawnChild(command: string, args: string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, { ...options, detached: true });
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

/** Resolves with the exit code; rejects when the process could not be started. */
export function waitForExit(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => resolve(code));
    child.once("error", reject);
  });
}

/** SIGTERM, then SIGKILL if the group has not gone within `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = waitForExit(child);
  signalGroup(child, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child, "SIGKILL"), graceMs);
  await exited.finally(() => clearTimeout(timer));
}

/** Runs a command to its end with its output shown; throws on a non-zero exit. */
export async function runToEnd(command: string, args: string[], options: SpawnOptions): Promise<void> {
  const code = await waitForExit(spawnChild(command, args, { stdio: "inherit", ...options }));
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}`);
}

/** Passes a child's output lines on with a prefix, up to `limit` of them; then only counts them. */
export function relayOutput(child: ChildProcess, prefix: string, limit = 20): { dropped: () => number } {
  let shown = 0;
  let dropped = 0;
  const relay = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      if (shown < limit) {
        shown++;
        process.stderr.write(`${prefix} ${line}\n`);
      } else dropped++;
    }
  };
  child.stdout?.on("data", relay);
  child.stderr?.on("data", relay);
  return { dropped: () => dropped };
}
