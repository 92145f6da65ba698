// What each sample is for during a run: peaks, the read-back of limits, the sentinel's list
// of members outside the group, the observers, and the watchdog's verdict.
import type { Settings } from '../config/registry.ts';
import { formatSize } from '../config/units.ts';
import type { Enforcement, LimitName } from '../limits/mechanism.ts';
import type { PreparedRun } from '../limits/prepare-run.ts';
import type { Selection } from '../limits/select.ts';
import { type StopRequest, Watchdog } from '../limits/watchdog.ts';
import type { Sample, Sampler } from '../monitor/sampler.ts';
import type { RunObserver } from '../report/events.ts';
import type { Sentinel } from './sentinel.ts';
import { startVerification } from './verify-limits.ts';

/** The tree's highest figures over the run. */
export interface Peaks {
  rss: number;
  processes: number;
  threads: number;
}

/** Everything a sample feeds, bundled for one run. */
export interface SampleWatch {
  onSample(sample: Sample): void;
  peaks(): Peaks;
  enforcement(): Partial<Record<LimitName, Enforcement>>;
}

/** Wires samples to the watchdog, the read-back, the sentinel and the observers. */
export function watchSamples(
  run: { pid: number; settings: Settings; selection: Selection; prepared: PreparedRun },
  parts: { sentinel: Sentinel; observe: RunObserver; onStop: (request: StopRequest) => void },
  sampler: () => Sampler,
): SampleWatch {
  const { pid, settings, selection, prepared } = run;
  const watchdog = new Watchdog(settings, watchedBy(selection, 'watchdog'), settings.warnAtPercent);
  const verification = startVerification(
    pid,
    settings,
    selection,
    parts.observe,
    prepared.placements,
  );
  const peaks: Peaks = { rss: 0, processes: 0, threads: 0 };
  return {
    onSample(sample) {
      peaks.rss = Math.max(peaks.rss, sample.rssBytes);
      peaks.processes = Math.max(peaks.processes, sample.processes.length);
      peaks.threads = Math.max(peaks.threads, sample.threads);
      verification.onSample(sample);
      parts.sentinel.update(sample.processes.filter((p) => p.pgrp !== pid).map((p) => p.pid));
      parts.observe({ type: 'sample', sample });
      for (const near of watchdog.near(sample)) parts.observe({ type: 'near', near });
      sampler().hurry(watchdog.isClose(sample));
      const request = watchdog.check(sample) ?? kernelStop(prepared, settings);
      if (request) parts.onStop(request);
    },
    peaks: () => ({ ...peaks }),
    enforcement: () => verification.result(),
  };
}

/** A stop request when the kernel's OOM killer acted inside the workload's cgroup. */
export function kernelStop(prepared: PreparedRun, settings: Settings): StopRequest | undefined {
  if (prepared.explainDeath() !== 'memory') return undefined;
  const ceiling = formatSize(settings.memoryBytes ?? 0);
  const peak = prepared.usage().peakMemoryBytes;
  const at = peak === undefined ? '' : `, peak ${formatSize(peak)}`;
  return {
    reason: 'memory',
    limit: 'memory',
    message: `memory: the kernel's OOM killer ended a process at the ${ceiling} ceiling${at}`,
  };
}

function watchedBy(selection: Selection, name: string): Set<LimitName> {
  const limits = [...selection.chosen].find(([mechanism]) => mechanism.name === name)?.[1];
  return new Set(limits ?? []);
}
