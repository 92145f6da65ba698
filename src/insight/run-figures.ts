// The figures of one recorded run, from its outcome line when it has one and from its
// samples when ttsguard was killed before it could write the outcome.
import type { RecordedRun } from './read-records.ts';
import { largest } from './stats.ts';

/** A limit a report compares with: its name, the value, and what the run used of it. */
export interface LimitUse {
  limit: 'memory' | 'timeout' | 'cpuTime';
  ceiling: number;
  used: number;
  percent: number;
}

/** What a report and a suggestion need to know about one run. */
export interface RunFigures {
  file: string;
  startedAt: string;
  command: string[];
  /**
   * The outcome's reason; `served` for a `serve` record that reached its end; `unfinished`
   * when the record has no outcome line (ttsguard was killed).
   */
  reason: string;
  exitCode: number | null;
  wallMs: number;
  cpuMs: number;
  peakRssBytes: number;
  peakCpuPercent: number;
  limits: LimitUse[];
  nearLimits: string[];
}

/** The figures of `run`. */
export function figuresOf(run: RecordedRun): RunFigures {
  const { outcome, samples, header } = run;
  const last = samples.at(-1);
  const peakFromSamples = largest(samples.map((s) => s.rssBytes));
  const wallMs = outcome?.wallMs ?? last?.atMs ?? 0;
  const cpuMs = outcome?.cpuMs ?? last?.cpuMs ?? 0;
  // The cgroup's own high-water mark sees what samples miss between two looks.
  const peakRssBytes = Math.max(
    outcome?.peakRssBytes ?? 0,
    outcome?.peakMemoryBytes ?? 0,
    peakFromSamples,
  );
  const limits = outcome?.limits ?? header.limits;
  const served = run.events.findLast((event) => event.event === 'serve-end');
  const uses: LimitUse[] = [];
  const use = (limit: LimitUse['limit'], ceiling: unknown, used: number) => {
    if (typeof ceiling === 'number' && ceiling > 0) {
      uses.push({ limit, ceiling, used, percent: (used / ceiling) * 100 });
    }
  };
  use('memory', limits.memoryBytes, peakRssBytes);
  use('timeout', limits.timeoutMs, wallMs);
  use('cpuTime', limits.cpuTimeMs, cpuMs);
  return {
    file: run.file,
    startedAt: header.startedAt,
    command: header.command,
    reason: outcome?.reason ?? (served ? 'served' : 'unfinished'),
    exitCode: outcome?.exitCode ?? (served ? Number(served.exitCode) : null),
    wallMs,
    cpuMs,
    peakRssBytes,
    peakCpuPercent: largest(samples.map((s) => s.cpuPercent)),
    limits: uses,
    nearLimits: run.events.filter((e) => e.event === 'near').map((e) => String(e.limit)),
  };
}
