import { readFileSync } from "node:fs";

// USER_HZ: the unit of /proc/<pid>/stat's times; 100 on every Linux this runs on.
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, from /proc; 0 where there is no /proc. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name, which may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
