/**
 * What Linux's /proc says about a process: CPU used, resident memory, children. Every
 * reader returns null where /proc is not available.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';

const ticksPerSecond = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

export function procFile(pid: number, name: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return null;
  }
}

/** Fields of a /proc …/stat file after the parenthesised command name (which may hold spaces). */
function statFields(pid: number, file = 'stat'): string[] | null {
  const stat = procFile(pid, file);
  return stat === null ? null : stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime of a stat file's fields (the 14th and 15th of the whole line), seconds. */
const userAndSystemSeconds = (fields: string[] | null): number | null =>
  fields === null ? null : (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;

/** User + system CPU the process has used, seconds. */
export function cpuSeconds(pid: number): number | null {
  return userAndSystemSeconds(statFields(pid));
}

/**
 * User + system CPU of the process's main thread alone, seconds: for Node, the event loop
 * and all JavaScript; the rest of the process's CPU is V8's helper threads (garbage
 * collection, compilation) and libuv's pool.
 */
export function mainThreadCpuSeconds(pid: number): number | null {
  return userAndSystemSeconds(statFields(pid, `task/${pid}/stat`));
}

/** Resident memory now and its peak (since start or the last resetPeak), bytes. */
export function memory(pid: number): { rssBytes: number; peakRssBytes: number } | null {
  const status = procFile(pid, 'status');
  if (status === null) return null;
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rssBytes: kb('VmRSS'), peakRssBytes: kb('VmHWM') };
}

/** Starts a new peak-RSS window: "5" resets VmHWM to the current RSS (Linux ≥ 4.0). */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** The process and its direct children (a PostgreSQL server and its backends). */
export function withChildren(pid: number): number[] {
  const pids = [pid];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      if (statFields(Number(entry))?.[1] === String(pid)) pids.push(Number(entry));
    }
  } catch {
    // no /proc
  }
  return pids;
}

/**
 * CPU of the process and its children, seconds. Children that have exited (a PostgreSQL
 * backend whose connection closed) count through the parent's reaped-children time.
 */
export function treeCpuSeconds(pid: number): number | null {
  const fields = statFields(pid);
  if (fields === null) return null;
  // cutime and cstime (16th and 17th fields): CPU of children the process has waited for.
  let total = (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
  for (const child of withChildren(pid).slice(1)) total += cpuSeconds(child) ?? 0;
  return total;
}
