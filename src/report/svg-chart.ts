// A line chart as inline SVG, drawn by a few lines of our own: the report page must open
// with no network and no script, and a chart library would be far larger than the chart.
import { type ChartData, chartEnd, chartTop } from './chart-data.ts';
import { escapeHtml } from './escape-html.ts';

/** Colours for runs, told apart also without colour vision by their order in the legend. */
export const SERIES_COLOURS = [
  '#1f77b4',
  '#ff7f0e',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#7f7f7f',
  '#17becf',
];

const MARGIN = { left: 72, right: 120, top: 16, bottom: 36 };

/** The `<svg>` element of one chart. */
export function drawSvgChart(data: ChartData, width = 820, height = 300): string {
  const top = chartTop(data);
  const end = chartEnd(data);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const x = (ms: number) => MARGIN.left + (ms / end) * plotWidth;
  const y = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const parts: string[] = [];

  for (let i = 0; i <= 4; i += 1) {
    const value = (top * i) / 4;
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" ` +
        `y1="${fixed(y(value))}" y2="${fixed(y(value))}"/>`,
      `<text class="tick" x="${MARGIN.left - 6}" y="${fixed(y(value) + 4)}" text-anchor="end">` +
        `${escapeHtml(data.formatY(value))}</text>`,
    );
  }
  for (let i = 0; i <= 5; i += 1) {
    const ms = (end * i) / 5;
    parts.push(
      `<text class="tick" x="${fixed(x(ms))}" y="${height - MARGIN.bottom + 18}" ` +
        `text-anchor="middle">${escapeHtml(data.formatX(ms))}</text>`,
    );
  }
  parts.push(
    `<rect class="frame" x="${MARGIN.left}" y="${MARGIN.top}" width="${plotWidth}" ` +
      `height="${plotHeight}"/>`,
  );
  data.series.forEach((series, index) => {
    if (series.points.length === 0) return;
    const colour = SERIES_COLOURS[index % SERIES_COLOURS.length];
    const points = series.points.map(([px, py]) => `${fixed(x(px))},${fixed(y(py))}`).join(' ');
    parts.push(
      `<polyline class="series" stroke="${colour}" points="${points}">` +
        `<title>${escapeHtml(series.label)}</title></polyline>`,
    );
  });
  for (const line of data.limits) {
    parts.push(
      `<line class="limit" x1="${MARGIN.left}" x2="${MARGIN.left + plotWidth}" ` +
        `y1="${fixed(y(line.value))}" y2="${fixed(y(line.value))}"/>`,
      `<text class="limit-label" x="${MARGIN.left + plotWidth + 6}" ` +
        `y="${fixed(y(line.value) + 4)}">${escapeHtml(line.label)}</text>`,
    );
  }
  return (
    `<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" ` +
    `width="${width}" height="${height}" role="img" aria-label="${escapeHtml(data.title)}">` +
    `${parts.join('')}</svg>`
  );
}

function fixed(value: number): string {
  return value.toFixed(1);
}
