// The series and limit lines both chart kinds draw (terminal and SVG), taken from records:
// one series per run, one line per distinct limit value.
import { formatDuration, formatSize } from '../config/units.ts';
import type { RecordedRun } from '../insight/read-records.ts';

/** One run's points, x in milliseconds since its start. */
export interface ChartSeries {
  label: string;
  points: Array<[number, number]>;
}

/** A horizontal line: a limit. */
export interface ChartLine {
  label: string;
  value: number;
}

/** Everything one chart needs. */
export interface ChartData {
  title: string;
  series: ChartSeries[];
  limits: ChartLine[];
  formatY: (value: number) => string;
  formatX: (ms: number) => string;
}

type Measure = 'rssBytes' | 'cpuMs' | 'cpuPercent';

const CHARTS: Record<Measure, { title: string; limitKey?: string; format: (v: number) => string }> =
  {
    rssBytes: { title: 'memory (tree RSS)', limitKey: 'memoryBytes', format: formatSize },
    cpuMs: { title: 'CPU time used', limitKey: 'cpuTimeMs', format: formatDuration },
    cpuPercent: { title: 'CPU (% of one core)', format: (v) => `${Math.round(v)}%` },
  };

/** The chart of `measure` over time for `runs`. */
export function chartOf(measure: Measure, runs: RecordedRun[]): ChartData {
  const chart = CHARTS[measure];
  const series = runs.map((run, index) => ({
    label: `run ${index + 1}`,
    points: run.samples.map((s) => [s.atMs, s[measure]] as [number, number]),
  }));
  const values = new Set<number>();
  for (const run of runs) {
    const limit = chart.limitKey ? (run.outcome?.limits ?? run.header.limits)[chart.limitKey] : 0;
    if (typeof limit === 'number' && limit > 0) values.add(limit);
  }
  const limits = [...values].map((value) => ({ label: `limit ${chart.format(value)}`, value }));
  return { title: chart.title, series, limits, formatY: chart.format, formatX: formatDuration };
}

/** The top of the y axis: the highest point or limit, with a little room above. */
export function chartTop(data: ChartData): number {
  let top = 0;
  for (const series of data.series) for (const [, y] of series.points) top = Math.max(top, y);
  for (const line of data.limits) top = Math.max(top, line.value);
  return top > 0 ? top * 1.05 : 1;
}

/** The end of the x axis: the latest point. */
export function chartEnd(data: ChartData): number {
  let end = 0;
  for (const series of data.series) for (const [x] of series.points) end = Math.max(end, x);
  return end > 0 ? end : 1;
}
