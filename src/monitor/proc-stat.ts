// Reads one process's line of /proc/<pid>/stat: the single file that carries everything a
// sample needs (parent, group, CPU ticks, threads, start time, resident pages).
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

/** One process as /proc/<pid>/stat describes it. */
export interface ProcStat {
  pid: number;
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  /** utime + stime, in clock ticks. */
  cpuTicks: number;
  /** cutime + cstime: ticks of children this process has waited for. */
  childCpuTicks: number;
  threads: number;
  /** Start time after boot, in ticks: with the pid, it names the process uniquely. */
  startTicks: number;
  rssPages: number;
}

/** Linux reports times in USER_HZ ticks, 100 per second on every supported architecture. */
export const TICKS_PER_SECOND = 100;

/** Reads /proc/<pid>/stat; undefined when the process is gone or is a zombie. */
export function readProcStat(pid: number): ProcStat | undefined {
  // One open, one read, one close into a reused buffer: a stat line is well under 1 KiB,
  // and readFileSync would stat the file and read twice, /proc files having no size.
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/stat`, 'r');
  } catch {
    return undefined;
  }
  try {
    const length = readSync(fd, STAT_BUFFER, 0, STAT_BUFFER.length, 0);
    return parseProcStat(STAT_BUFFER.toString('latin1', 0, length));
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

const STAT_BUFFER = Buffer.alloc(4096);

/** Parses a stat line; the command name may itself contain spaces and parentheses. */
export function parseProcStat(text: string): ProcStat | undefined {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const fields = text.slice(close + 2).split(' ');
  const state = fields[0]!;
  if (state === 'Z' || state === 'X') return undefined;
  const field = (n: number) => Number(fields[n - 3]);
  return {
    pid: Number(text.slice(0, open)),
    comm: text.slice(open + 1, close),
    state,
    ppid: field(4),
    pgrp: field(5),
    session: field(6),
    cpuTicks: field(14) + field(15),
    childCpuTicks: field(16) + field(17),
    threads: field(20),
    startTicks: field(22),
    rssPages: field(24),
  };
}

/** Reads a process's argv for display; falls back to its short name. */
export function readCommandLine(pid: number, fallback: string): string {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    const text = raw.replace(/\0+$/, '').replaceAll('\0', ' ');
    return text === '' ? `[${fallback}]` : text;
  } catch {
    return fallback;
  }
}

let pageSize: number | undefined;

/** The page size, learned once by comparing two views of this process's own RSS. */
export function systemPageSize(): number {
  if (pageSize !== undefined) return pageSize;
  try {
    const status = readFileSync('/proc/self/status', 'latin1');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    const pages = Number(readFileSync('/proc/self/statm', 'latin1').split(' ')[1]);
    const ratio = (kib * 1024) / pages;
    pageSize = 2 ** Math.round(Math.log2(ratio));
  } catch {
    pageSize = 4096;
  }
  if (!Number.isFinite(pageSize) || pageSize < 4096) pageSize = 4096;
  return pageSize;
}
