// Turns periodic scans of the process tree into samples: per-process and tree-wide CPU and
// memory. It knows nothing of limits; the watchdog and the reporters consume its samples.

import { readCommandLine, systemPageSize, TICKS_PER_SECOND } from './proc-stat.ts';
import type { ProcessTree } from './process-tree.ts';

/** One process at one moment. */
export interface ProcessSample {
  pid: number;
  ppid: number;
  pgrp: number;
  command: string;
  cpuPercent: number;
  cpuMs: number;
  rssBytes: number;
  threads: number;
}

/** The whole tree at one moment. */
export interface Sample {
  /** Milliseconds since the workload started. */
  atMs: number;
  processes: ProcessSample[];
  rssBytes: number;
  /** CPU time used by the tree so far, ended members included. */
  cpuMs: number;
  cpuPercent: number;
  threads: number;
}

const MS_PER_TICK = 1000 / TICKS_PER_SECOND;

/** The sampling pace near a ceiling: ten looks a second. */
const HURRIED_MS = 100;

/** Samples a process tree every `intervalMs` and hands each sample to `onSample`. */
export class Sampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly previous = new Map<string, { ticks: number; atMs: number }>();
  private readonly commands = new Map<string, string>();
  private readonly startedAt = performance.now();
  private latest: Sample | undefined;
  private stopped = true;
  private hurried = false;

  constructor(
    private readonly tree: ProcessTree,
    private readonly intervalMs: number,
    private readonly onSample: (sample: Sample) => void,
  ) {}

  /**
   * Samples a few times quickly (25, 50, 100, 200 ms apart) so that a short run still has
   * its peak seen, then once every interval. None at 0 ms: the launch chain is still running.
   */
  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /**
   * Asks for samples at most `HURRIED_MS` apart (true) or back at the interval (false): the
   * watchdog wants a closer look at a tree that nears a ceiling.
   */
  hurry(close: boolean): void {
    this.hurried = close;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(count: number): void {
    if (this.stopped) return;
    const pace = this.hurried ? Math.min(this.intervalMs, HURRIED_MS) : this.intervalMs;
    const delay = Math.min(pace, 25 * 2 ** count);
    this.timer = setTimeout(() => {
      this.sampleNow();
      this.schedule(count + 1);
    }, delay);
    this.timer.unref();
  }

  /** The most recent sample, if any. */
  get last(): Sample | undefined {
    return this.latest;
  }

  /** Scans the tree, builds a sample and hands it on. */
  sampleNow(): Sample {
    const atMs = performance.now() - this.startedAt;
    const pageBytes = systemPageSize();
    const seen = new Set<string>();
    let ticks = this.tree.retiredCpuTicks;
    const processes = this.tree.scan().map((stat) => {
      const key = `${stat.pid}:${stat.startTicks}`;
      seen.add(key);
      ticks += stat.cpuTicks + stat.childCpuTicks;
      const before = this.previous.get(key);
      const spanMs = before ? atMs - before.atMs : 0;
      const cpuPercent =
        before && spanMs > 0 ? ((stat.cpuTicks - before.ticks) * MS_PER_TICK * 100) / spanMs : 0;
      this.previous.set(key, { ticks: stat.cpuTicks, atMs });
      return {
        pid: stat.pid,
        ppid: stat.ppid,
        pgrp: stat.pgrp,
        command: this.commandOf(`${key}:${stat.comm}`, stat.pid, stat.comm),
        cpuPercent: Math.max(0, cpuPercent),
        cpuMs: stat.cpuTicks * MS_PER_TICK,
        rssBytes: stat.rssPages * pageBytes,
        threads: stat.threads,
      };
    });
    for (const key of this.previous.keys()) {
      if (!seen.has(key)) this.previous.delete(key);
    }
    for (const key of this.commands.keys()) {
      if (!seen.has(key.slice(0, key.lastIndexOf(':')))) this.commands.delete(key);
    }
    const sample: Sample = {
      atMs,
      processes,
      rssBytes: sum(processes, (p) => p.rssBytes),
      cpuMs: ticks * MS_PER_TICK,
      cpuPercent: sum(processes, (p) => p.cpuPercent),
      threads: sum(processes, (p) => p.threads),
    };
    this.latest = sample;
    this.onSample(sample);
    return sample;
  }

  private commandOf(key: string, pid: number, comm: string): string {
    let command = this.commands.get(key);
    if (command === undefined) {
      command = readCommandLine(pid, comm);
      this.commands.set(key, command);
    }
    return command;
  }
}

function sum<T>(items: T[], pick: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += pick(item);
  return total;
}
