// Limits recommended from records: a high percentile of what clean runs used, plus
// headroom, rounded up to a value a person would type. Runs a limit stopped, and runs that
// never finished, say only that their need was higher, so they are counted but left out.

import type { RecordedRun } from './read-records.ts';
import { figuresOf, type RunFigures } from './run-figures.ts';
import { largest, percentile } from './stats.ts';

/** Percentile of the clean runs' figures a suggestion starts from. */
export const SUGGEST_PERCENTILE = 95;
/** Fewer clean runs than this and the suggestions come with a warning. */
export const TRUSTED_RUNS = 5;

const HEADROOM_PERCENT = { memory: 25, timeout: 50, cpuTime: 50 } as const;
const MIB = 1024 * 1024;

/** The reasons whose figures are the workload's real need. */
const CLEAN_REASONS = new Set(['exit', 'expect-wav']);

/** Why a suggestion is what it is. */
export interface Evidence {
  runs: number;
  leftOut: Record<string, number>;
  percentile: number;
  /** The percentile's value, in the suggestion's unit. */
  atPercentile: number;
  max: number;
  headroomPercent: number;
}

/** One suggested limit. */
export interface Suggestion {
  /** The config key it would set. */
  key: 'memory' | 'timeout' | 'cpuTime';
  value: number;
  unit: 'bytes' | 'ms';
  /** As it would be typed: `128M`, `12s`. */
  typed: string;
  evidence: Evidence;
}

/** What `suggest --json` prints. */
export interface Suggestions {
  memoryBytes: number | null;
  timeoutMs: number | null;
  cpuTimeMs: number | null;
  suggestions: Suggestion[];
  warnings: string[];
}

/** Suggests memory, timeout and CPU-time limits from `runs`. */
export function suggestLimits(runs: RecordedRun[]): Suggestions {
  const figures = runs.map(figuresOf);
  const clean = figures.filter((run) => CLEAN_REASONS.has(run.reason));
  const leftOut: Record<string, number> = {};
  for (const run of figures) {
    if (!CLEAN_REASONS.has(run.reason)) leftOut[run.reason] = (leftOut[run.reason] ?? 0) + 1;
  }
  const warnings: string[] = [];
  if (clean.length === 0) {
    warnings.push('no run ended on its own: there is nothing to suggest limits from');
    return { memoryBytes: null, timeoutMs: null, cpuTimeMs: null, suggestions: [], warnings };
  }
  if (clean.length < TRUSTED_RUNS) {
    warnings.push(
      `only ${clean.length} clean run${clean.length === 1 ? '' : 's'}: record at least ` +
        `${TRUSTED_RUNS} (better 20, with your longest inputs) before trusting these`,
    );
  }
  for (const [reason, count] of Object.entries(leftOut)) {
    warnings.push(`${count} run${count === 1 ? '' : 's'} ended by ${reason} left out`);
  }
  const make = (key: Suggestion['key'], pick: (run: RunFigures) => number): Suggestion => {
    const values = clean.map(pick);
    const atPercentile = percentile(values, SUGGEST_PERCENTILE);
    const headroomPercent = HEADROOM_PERCENT[key];
    const raw = atPercentile * (1 + headroomPercent / 100);
    const value = key === 'memory' ? roundUp(raw, 16 * MIB) : roundUp(raw, 1000);
    return {
      key,
      value,
      unit: key === 'memory' ? 'bytes' : 'ms',
      typed: key === 'memory' ? `${value / MIB}M` : `${value / 1000}s`,
      evidence: {
        runs: clean.length,
        leftOut,
        percentile: SUGGEST_PERCENTILE,
        atPercentile: Math.round(atPercentile),
        max: largest(values),
        headroomPercent,
      },
    };
  };
  const memory = make('memory', (run) => run.peakRssBytes);
  const timeout = make('timeout', (run) => run.wallMs);
  const cpuTime = make('cpuTime', (run) => run.cpuMs);
  return {
    memoryBytes: memory.value,
    timeoutMs: timeout.value,
    cpuTimeMs: cpuTime.value,
    suggestions: [memory, timeout, cpuTime],
    warnings,
  };
}

/** Rounds up to a whole multiple of `step`, never to zero. */
function roundUp(value: number, step: number): number {
  return Math.max(step, Math.ceil(value / step) * step);
}
