// ttsguard's own enforcement: it compares each sample with the tree-wide ceilings and asks
// for a stop when one is crossed. It never reads /proc itself; samples come to it.
import { formatDuration, formatSize } from '../config/units.ts';
import type { Sample } from '../monitor/sampler.ts';
import type { LimitName, LimitValues, Mechanism } from './mechanism.ts';

/** Why ttsguard stops a workload. */
export type StopReason = 'timeout' | 'memory' | 'cpu-time';

/** A request to stop the workload, with the line that explains it. */
export interface StopRequest {
  reason: StopReason;
  limit: LimitName;
  message: string;
}

/** A limit the tree is getting close to. */
export interface NearLimit {
  limit: LimitName;
  value: number;
  ceiling: number;
  percent: number;
  message: string;
}

const SUPPORTED = new Set<LimitName>(['timeout', 'memory', 'cpuTime']);

export const watchdogMechanism: Mechanism = {
  name: 'watchdog',
  probe: () => ({ available: true, reason: 'built in: samples /proc every interval' }),
  supports: (limit) => SUPPORTED.has(limit),
  wrap: () => [],
  verify: () => ({}),
};

/** Checks samples against the tree-wide ceilings; remembers which warnings it gave. */
export class Watchdog {
  private readonly warned = new Set<LimitName>();

  constructor(
    private readonly limits: LimitValues,
    private readonly watched: ReadonlySet<LimitName>,
    private readonly warnAtPercent: number,
  ) {}

  /** A stop request when the sample crosses a ceiling. */
  check(sample: Sample): StopRequest | undefined {
    const memory = this.limits.memoryBytes;
    if (this.watched.has('memory') && memory !== undefined && sample.rssBytes > memory) {
      const rss = formatSize(sample.rssBytes);
      const message = `memory: the tree's RSS ${rss} exceeded the ${formatSize(memory)} limit`;
      return { reason: 'memory', limit: 'memory', message };
    }
    const cpu = this.limits.cpuTimeMs;
    if (this.watched.has('cpuTime') && cpu !== undefined && sample.cpuMs > cpu) {
      const used = formatDuration(sample.cpuMs);
      const limit = formatDuration(cpu);
      const message = `cpu-time: the tree used ${used} of CPU, over the ${limit} limit`;
      return { reason: 'cpu-time', limit: 'cpuTime', message };
    }
    return undefined;
  }

  /** Whether the tree is past half of a ceiling the watchdog holds: worth a closer look. */
  isClose(sample: Sample): boolean {
    const { memoryBytes, cpuTimeMs } = this.limits;
    const half = (value: number, ceiling: number | undefined) =>
      ceiling !== undefined && value >= ceiling / 2;
    return (
      (this.watched.has('memory') && half(sample.rssBytes, memoryBytes)) ||
      (this.watched.has('cpuTime') && half(sample.cpuMs, cpuTimeMs))
    );
  }

  /** Limits the sample has newly come within `warnAtPercent` of (each reported once). */
  near(sample: Sample): NearLimit[] {
    const found: NearLimit[] = [];
    const consider = (
      limit: LimitName,
      value: number,
      ceiling: number | undefined,
      show: string,
    ) => {
      if (ceiling === undefined || this.warned.has(limit)) return;
      const percent = (value / ceiling) * 100;
      if (percent < this.warnAtPercent) return;
      this.warned.add(limit);
      found.push({ limit, value, ceiling, percent, message: show });
    };
    const { memoryBytes, cpuTimeMs, timeoutMs } = this.limits;
    consider(
      'memory',
      sample.rssBytes,
      memoryBytes,
      `memory at ${formatSize(sample.rssBytes)} of ${formatSize(memoryBytes ?? 0)}`,
    );
    consider(
      'cpuTime',
      sample.cpuMs,
      cpuTimeMs,
      `cpu-time at ${formatDuration(sample.cpuMs)} of ${formatDuration(cpuTimeMs ?? 0)}`,
    );
    consider(
      'timeout',
      sample.atMs,
      timeoutMs,
      `wall time at ${formatDuration(sample.atMs)} of ${formatDuration(timeoutMs ?? 0)}`,
    );
    return found;
  }
}
