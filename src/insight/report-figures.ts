// The figures of `ttsguard report`: spreads of memory, CPU and duration over many runs, how
// close each run came to each limit, and the outcomes counted by reason.
import type { ReadResult } from './read-records.ts';
import { figuresOf, type LimitUse, type RunFigures } from './run-figures.ts';
import { type Spread, spreadOf } from './stats.ts';

/** The closest any run came to one limit. */
export interface Closest {
  limit: LimitUse['limit'];
  ceiling: number;
  used: number;
  percent: number;
  run: number;
}

/** Everything a report shows; also what `report --json` prints. */
export interface ReportFigures {
  runs: number;
  outcomes: Record<string, number>;
  peakRssBytes?: Spread;
  wallMs?: Spread;
  cpuMs?: Spread;
  peakCpuPercent?: Spread;
  closest: Closest[];
  perRun: RunFigures[];
  problems: string[];
}

/** Works out the report's figures from what was read. */
export function buildReport(read: ReadResult): ReportFigures {
  const perRun = read.runs.map(figuresOf);
  const outcomes: Record<string, number> = {};
  for (const run of perRun) outcomes[run.reason] = (outcomes[run.reason] ?? 0) + 1;
  return {
    runs: perRun.length,
    outcomes,
    peakRssBytes: spreadOf(perRun.map((run) => run.peakRssBytes)),
    wallMs: spreadOf(perRun.map((run) => run.wallMs)),
    cpuMs: spreadOf(perRun.map((run) => run.cpuMs)),
    peakCpuPercent: spreadOf(perRun.map((run) => run.peakCpuPercent)),
    closest: closestOf(perRun),
    perRun,
    problems: read.problems,
  };
}

function closestOf(runs: RunFigures[]): Closest[] {
  const best = new Map<string, Closest>();
  runs.forEach((run, index) => {
    for (const use of run.limits) {
      const known = best.get(use.limit);
      if (!known || use.percent > known.percent) best.set(use.limit, { ...use, run: index + 1 });
    }
  });
  return [...best.values()];
}
