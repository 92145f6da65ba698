// `ttsguard report` in the terminal: spreads, closeness to limits, outcomes, one line per
// run and charts of memory and CPU time over time with the limits drawn in.
import { formatDuration, formatSize } from '../config/units.ts';
import type { RecordedRun } from '../insight/read-records.ts';
import type { ReportFigures } from '../insight/report-figures.ts';
import type { Spread } from '../insight/stats.ts';
import { drawAsciiChart } from './ascii-chart.ts';
import { chartOf } from './chart-data.ts';
import { LIMIT_LABELS } from './describe.ts';

const COLUMNS = ['min', 'p50', 'p90', 'p95', 'max'] as const;

/** The whole report as text, ending in a newline. */
export function renderReportText(figures: ReportFigures, runs: RecordedRun[]): string {
  const lines: string[] = [];
  const outcomes = Object.entries(figures.outcomes).map(([reason, n]) => `${reason} ${n}`);
  lines.push(
    `${figures.runs} run${figures.runs === 1 ? '' : 's'}; outcomes: ${outcomes.join(', ')}`,
  );
  lines.push('');
  lines.push(`${''.padEnd(12)}${COLUMNS.map((c) => c.padStart(9)).join('')}`);
  lines.push(spreadRow('peak memory', figures.peakRssBytes, formatSize));
  lines.push(spreadRow('duration', figures.wallMs, formatDuration));
  lines.push(spreadRow('cpu time', figures.cpuMs, formatDuration));
  lines.push(spreadRow('peak cpu', figures.peakCpuPercent, (v) => `${Math.round(v)}%`));
  lines.push('');
  if (figures.closest.length === 0) lines.push('closest to limits: no limits were set');
  else lines.push('closest to limits:');
  for (const c of figures.closest) {
    const show = c.limit === 'memory' ? formatSize : formatDuration;
    lines.push(
      `  ${(LIMIT_LABELS[c.limit] ?? c.limit).padEnd(9)} ${show(c.used)} of ${show(c.ceiling)} ` +
        `(${Math.round(c.percent)}%) in run ${c.run}`,
    );
  }
  lines.push('');
  const heads = ['#', 'started', 'reason', 'exit', 'duration', 'cpu time', 'peak mem'];
  const widths = [3, -24, -10, 5, 9, 9, 9];
  const cell = (text: string, i: number) =>
    widths[i]! < 0 ? text.padEnd(-widths[i]!) : text.padStart(widths[i]!);
  lines.push(heads.map(cell).join('  ').trimEnd());
  figures.perRun.forEach((run, index) => {
    const cells = [
      String(index + 1),
      run.startedAt,
      run.reason,
      String(run.exitCode ?? '-'),
      formatDuration(run.wallMs),
      formatDuration(run.cpuMs),
      formatSize(run.peakRssBytes),
    ].map(cell);
    const near = run.nearLimits.length ? `  near ${run.nearLimits.join(', ')}` : '';
    lines.push(`${cells.join('  ')}${near}`);
  });
  for (const measure of ['rssBytes', 'cpuMs'] as const) {
    lines.push('');
    lines.push(...drawAsciiChart(chartOf(measure, runs)));
  }
  return `${lines.join('\n')}\n`;
}

function spreadRow(label: string, spread: Spread | undefined, format: (v: number) => string) {
  const cells = COLUMNS.map((column) => (spread ? format(spread[column]) : '-').padStart(9));
  return `${label.padEnd(12)}${cells.join('')}`;
}
