// `ttsguard report --html`: one self-contained page (inline style and SVG, no script, no
// network) with the same figures as the terminal report and real charts over time.
import { formatDuration, formatSize } from '../config/units.ts';
import type { RecordedRun } from '../insight/read-records.ts';
import type { ReportFigures } from '../insight/report-figures.ts';
import type { Spread } from '../insight/stats.ts';
import { chartOf } from './chart-data.ts';
import { describeCommand, LIMIT_LABELS } from './describe.ts';
import { escapeHtml as e } from './escape-html.ts';
import { drawSvgChart, SERIES_COLOURS } from './svg-chart.ts';

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 2em auto; max-width: 62em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; } td, th { padding: .2em .8em; text-align: right; }
th:first-child, td:first-child { text-align: left; } thead th { border-bottom: 1px solid #999; }
td { white-space: nowrap; } .runs td:last-child { text-align: left; }
.chart .grid { stroke: #e4e4e4; } .chart .frame { fill: none; stroke: #999; }
.chart .series { fill: none; stroke-width: 1.6; }
.chart .limit { stroke: #d62728; stroke-dasharray: 6 4; stroke-width: 1.4; }
.chart .limit-label { fill: #d62728; font-size: 12px; }
.chart .tick { font-size: 11px; fill: #555; }
.legend span { margin-right: 1.2em; white-space: nowrap; }
.legend i { display: inline-block; width: 1.6em; height: .25em; vertical-align: middle; }
.problems { color: #8a5a00; } code { font-size: 90%; }
`;

const COLUMNS = ['min', 'p50', 'p90', 'p95', 'max'] as const;

/** The complete page. */
export function renderHtmlReport(figures: ReportFigures, runs: RecordedRun[]): string {
  const outcomes = Object.entries(figures.outcomes)
    .map(([reason, n]) => `${e(reason)} ${n}`)
    .join(', ');
  const body = [
    `<h1>ttsguard report: ${figures.runs} run${figures.runs === 1 ? '' : 's'}</h1>`,
    `<p>Outcomes: ${outcomes}</p>`,
    spreadTable(figures),
    closestList(figures),
    chartSection(chartOf('rssBytes', runs), runs),
    chartSection(chartOf('cpuPercent', runs), runs),
    chartSection(chartOf('cpuMs', runs), runs),
    runTable(figures),
    problemList(figures.problems),
  ];
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>ttsguard report</title><style>${STYLE}</style></head>` +
    `<body>${body.join('\n')}</body></html>\n`
  );
}

function spreadTable(figures: ReportFigures): string {
  const row = (label: string, spread: Spread | undefined, format: (v: number) => string) =>
    `<tr><td>${label}</td>${COLUMNS.map((c) => cellOf(spread, c, format)).join('')}</tr>`;
  return [
    '<table><thead><tr><th></th>',
    ...COLUMNS.map((c) => `<th>${c}</th>`),
    '</tr></thead><tbody>',
    row('peak memory', figures.peakRssBytes, formatSize),
    row('duration', figures.wallMs, formatDuration),
    row('CPU time', figures.cpuMs, formatDuration),
    row('peak CPU', figures.peakCpuPercent, (v) => `${Math.round(v)}%`),
    '</tbody></table>',
  ].join('');
}

function closestList(figures: ReportFigures): string {
  if (figures.closest.length === 0) return '<p>No limits were set.</p>';
  const items = figures.closest.map((c) => {
    const show = c.limit === 'memory' ? formatSize : formatDuration;
    const label = LIMIT_LABELS[c.limit] ?? c.limit;
    const used = `${e(show(c.used))} of ${e(show(c.ceiling))} (${Math.round(c.percent)}%)`;
    return `<li>${e(label)}: ${used} in run ${c.run}</li>`;
  });
  return `<h2>Closest to each limit</h2><ul>${items.join('')}</ul>`;
}

function chartSection(data: ReturnType<typeof chartOf>, runs: RecordedRun[]): string {
  const legend = runs
    .map((_, i) => {
      const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
      return `<span><i style="background:${colour}"></i> run ${i + 1}</span>`;
    })
    .join('');
  return `<h2>${e(data.title)} over time</h2>${drawSvgChart(data)}<p class="legend">${legend}</p>`;
}

function runTable(figures: ReportFigures): string {
  const rows = figures.perRun.map(
    (run, i) =>
      `<tr><td>${i + 1}</td><td>${e(run.startedAt)}</td><td>${e(run.reason)}</td>` +
      `<td>${run.exitCode ?? '-'}</td><td>${e(formatDuration(run.wallMs))}</td>` +
      `<td>${e(formatDuration(run.cpuMs))}</td><td>${e(formatSize(run.peakRssBytes))}</td>` +
      `<td><code>${e(describeCommand(run.command))}</code></td></tr>`,
  );
  return (
    '<h2>Runs</h2><table class="runs"><thead><tr>' +
    '<th>#</th><th>started</th><th>reason</th><th>exit</th>' +
    '<th>duration</th><th>CPU time</th><th>peak memory</th><th>command</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function cellOf(spread: Spread | undefined, column: (typeof COLUMNS)[number], format: Format) {
  return `<td>${spread ? e(format(spread[column])) : '-'}</td>`;
}

type Format = (value: number) => string;

function problemList(problems: string[]): string {
  if (problems.length === 0) return '';
  const items = problems.map((problem) => `<li>${e(problem)}</li>`).join('');
  return `<h2>Left out</h2><ul class="problems">${items}</ul>`;
}
