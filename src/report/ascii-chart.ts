// A chart in plain characters for the terminal report: each run drawn with its own mark,
// limits as rows of dashes labelled on the right.
import { type ChartData, chartEnd, chartTop } from './chart-data.ts';

const MARKS = ['*', 'o', '+', 'x', '#', '@', '%', '&'];

/** The chart's lines, `width` × `height` characters of plot plus axes. */
export function drawAsciiChart(data: ChartData, width = 64, height = 12): string[] {
  const top = chartTop(data);
  const end = chartEnd(data);
  const grid = Array.from({ length: height }, () => Array<string>(width).fill(' '));
  const rowOf = (y: number) => height - 1 - Math.round((y / top) * (height - 1));
  const colOf = (x: number) => Math.round((x / end) * (width - 1));
  const labels = new Map<number, string>();

  for (const line of data.limits) {
    const row = rowOf(line.value);
    grid[row]!.fill('-');
    labels.set(row, [labels.get(row), line.label].filter(Boolean).join(', '));
  }
  data.series.forEach((series, index) => {
    const mark = MARKS[index % MARKS.length]!;
    let previous: [number, number] | undefined;
    for (const [x, y] of series.points) {
      const col = colOf(x);
      const row = rowOf(y);
      // Fill the columns between two samples so that a sparse run still reads as a line.
      if (previous && col > previous[0] + 1) {
        for (let c = previous[0] + 1; c < col; c += 1) {
          const share = (c - previous[0]) / (col - previous[0]);
          grid[Math.round(previous[1] + (row - previous[1]) * share)]![c] = mark;
        }
      }
      grid[row]![col] = mark;
      previous = [col, row];
    }
  });

  const middle = Math.floor((height - 1) / 2);
  const axis = new Map([
    [0, data.formatY(top)],
    [middle, data.formatY(top * (1 - middle / (height - 1)))],
    [height - 1, data.formatY(0)],
  ]);
  const pad = Math.max(...[...axis.values()].map((label) => label.length));
  const yLabel = (row: number) => axis.get(row) ?? '';
  const lines = [data.title];
  grid.forEach((cells, row) => {
    const label = labels.get(row);
    lines.push(`${yLabel(row).padStart(pad)} |${cells.join('')}${label ? ` ${label}` : ''}`);
  });
  lines.push(`${' '.repeat(pad)} +${'-'.repeat(width)}`);
  const start = data.formatX(0);
  const finish = data.formatX(end);
  lines.push(`${' '.repeat(pad + 2)}${start}${finish.padStart(width - start.length)}`);
  if (data.series.length > 1) {
    const legend = data.series.map((s, i) => `${MARKS[i % MARKS.length]} ${s.label}`);
    lines.push(`${' '.repeat(pad + 2)}${legend.join('  ')}`);
  }
  return lines;
}
