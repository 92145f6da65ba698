// Tells which pids may belong to processes created since the last look, from the kernel's
// most recently allocated pid (/proc/loadavg). Processes older than the workload can never
// join its session or descend from it, so a sample need only read the stat files of the
// workload's known members and of processes that are new.
import { readFileSync } from 'node:fs';

/** A full read of /proc every so many looks, in case a pid range was ever misjudged. */
const FULL_EVERY = 20;

/** Which processes a sample must read besides the known members. */
export type PidFilter =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'range'; includes: (pid: number) => boolean };

/** Tracks the last allocated pid between looks. */
export class NewPids {
  private last: number;
  private looks = 0;

  constructor(firstPid: number) {
    this.last = firstPid - 1;
  }

  /** The pids allocated since the previous call (pids are handed out cyclically). */
  since(): PidFilter {
    const now = lastAllocatedPid();
    const previous = this.last;
    this.looks += 1;
    if (now === undefined || this.looks % FULL_EVERY === 0) return { kind: 'all' };
    this.last = now;
    if (now === previous) return { kind: 'none' };
    if (now > previous) return { kind: 'range', includes: (pid) => pid > previous && pid <= now };
    return { kind: 'range', includes: (pid) => pid > previous || pid <= now };
  }
}

function lastAllocatedPid(): number | undefined {
  try {
    const text = readFileSync('/proc/loadavg', 'latin1');
    const value = Number(text.slice(text.lastIndexOf(' ') + 1));
    return Number.isSafeInteger(value) && value > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}
