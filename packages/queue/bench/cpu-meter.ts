import { readdirSync, readFileSync } from "node:fs";

/** Which part of the benchmark a process is: its own pids by name, PostgreSQL and Redis by their command lines. */
export type TCpuRoles = Record<string, () => readonly number[]>;

/** CPU time (user + system) of a process in clock ticks, or 0 once it has exited. */
function ticksOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function serverPids(): { postgres: number[]; redis: number[] } {
  const found = { postgres: [] as number[], redis: [] as number[] };
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let command = "";
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, "utf8");
    } catch {
      continue;
    }
    if (command.startsWith("postgres")) found.postgres.push(Number(entry));
    else if (command.includes("redis-server")) found.redis.push(Number(entry));
  }
  return found;
}

// Linux's USER_HZ, which /proc/<pid>/stat counts in on every architecture Node runs on here.
const TICKS_PER_SECOND = 100;

/**
 * Measures where the machine's CPU goes over a window: each role's share of
 * one core, PostgreSQL's backends and Redis included. It tells whether a
 * latency figure was taken on a saturated machine, where every hop between
 * processes waits for a core whatever the queue's order. Linux only (/proc).
 */
export function startCpuMeter(roles: TCpuRoles) {
  const pidsByRole = (): Record<string, readonly number[]> => ({ ...Object.fromEntries(Object.entries(roles).map(([role, pidsOf]) => [role, pidsOf()])), ...serverPids() });
  const before = new Map<number, number>();
  for (const pids of Object.values(pidsByRole())) for (const pid of pids) before.set(pid, ticksOf(pid));
  // A process that exits during the window takes its counters with it: the last reading stands for it.
  const lastSeen = new Map<number, { role: string; ticks: number }>();
  const sample = () => {
    for (const [role, pids] of Object.entries(pidsByRole())) for (const pid of pids) lastSeen.set(pid, { role, ticks: Math.max(lastSeen.get(pid)?.ticks ?? 0, ticksOf(pid)) });
  };
  const sampler = setInterval(sample, 500);
  sampler.unref();
  const startedAt = performance.now();
  return {
    /** Each role's CPU over the window so far, in percent of one core, highest first, and their sum. */
    read(): string {
      sample();
      clearInterval(sampler);
      const seconds = (performance.now() - startedAt) / 1000;
      const ticksByRole = new Map<string, number>(Object.keys(pidsByRole()).map((role) => [role, 0]));
      // A process that started during the window counts from its start.
      for (const [pid, { role, ticks }] of lastSeen) ticksByRole.set(role, (ticksByRole.get(role) ?? 0) + Math.max(0, ticks - (before.get(pid) ?? 0)));
      const shares = [...ticksByRole].map(([role, ticks]) => ({ role, percent: (ticks / TICKS_PER_SECOND / seconds) * 100 }));
      const total = shares.reduce((sum, { percent }) => sum + percent, 0);
      const parts = shares.sort((a, b) => b.percent - a.percent).map(({ role, percent }) => `${role} ${Math.round(percent)}%`);
      return `${parts.join(", ")}; ${Math.round(total)}% in all`;
    },
  };
}
