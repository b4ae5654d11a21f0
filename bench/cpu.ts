/**
 * CPU time used by a process and its descendants, read from /proc (Linux only; null elsewhere):
 * what one delivery costs each part (the web process, Postgres) when the machine is the limit.
 */
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  parent: number;
  ticks: number;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may contain spaces; the fields after it are fixed.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { pid, parent: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/** User + system CPU seconds of `root` and every process below it, or null without /proc. */
export function treeCpuSeconds(root: number): number | null {
  let pids: number[];
  try {
    pids = readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return null;
  }
  const stats = pids.map(readStat).filter((stat): stat is ProcStat => stat !== null);
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.parent, [...(children.get(stat.parent) ?? []), stat]);
  const self = stats.find((stat) => stat.pid === root);
  if (!self) return null;
  let ticks = 0;
  const pending = [self];
  while (pending.length > 0) {
    const stat = pending.pop()!;
    ticks += stat.ticks;
    pending.push(...(children.get(stat.pid) ?? []));
  }
  return ticks / TICKS_PER_SECOND;
}

/**
 * Measures the CPU seconds each named process tree uses while `work` runs, and this process's
 * own (the load generator, without the servers it started) as `load generator`.
 */
export async function cpuDuring<T>(roots: Record<string, number>, work: () => Promise<T>): Promise<{ result: T; cpu: Record<string, number | null> }> {
  const before = Object.fromEntries(Object.entries(roots).map(([name, pid]) => [name, treeCpuSeconds(pid)]));
  const ownBefore = process.cpuUsage();
  const result = await work();
  const own = process.cpuUsage(ownBefore);
  const cpu: Record<string, number | null> = Object.fromEntries(
    Object.entries(roots).map(([name, pid]) => {
      const start = before[name];
      const end = treeCpuSeconds(pid);
      return [name, start === null || end === null ? null : end - start];
    }),
  );
  cpu["load generator"] = (own.user + own.system) / 1e6;
  return { result, cpu };
}
