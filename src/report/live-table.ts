// The live view on a terminal: a table of the workload's processes redrawn in place each
// sample, with a totals row against each limit, coloured by how close it is.
import Table from 'cli-table3';
import { createLogUpdate } from 'log-update';
import { formatDuration, formatSize } from '../config/units.ts';
import type { Sample } from '../monitor/sampler.ts';
import type { RunEvent, StartEvent } from './events.ts';
import { lineReporter } from './line-reporter.ts';
import type { Logger } from './logger.ts';

const MAX_ROWS = 12;
const COMMAND_WIDTH = 44;

/** Reports a run as a redrawn table, with the plain lines above it for events. */
export function liveTable(logger: Logger, stream: NodeJS.WritableStream, warnAt: number) {
  const draw = createLogUpdate(sized(stream), { showCursor: true });
  const lines = lineReporter(logger);
  let start: StartEvent | undefined;
  let last: Sample | undefined;
  const redraw = () => {
    if (start && last) draw(renderTable(start, last, logger, warnAt));
  };
  return (event: RunEvent) => {
    if (event.type === 'sample') {
      last = event.sample;
      redraw();
      return;
    }
    if (event.type === 'start') start = event;
    draw.clear();
    if (event.type === 'end') {
      if (start && last) {
        draw(renderTable(start, last, logger, warnAt));
        draw.done();
      }
    }
    lines(event);
    if (event.type !== 'end') redraw();
  };
}

/** Renders one frame: a row per process, then the totals against each limit. */
export function renderTable(start: StartEvent, sample: Sample, logger: Logger, warnAt: number) {
  const c = logger.colour;
  const table = new Table({
    head: ['pid', 'command', 'CPU %', 'CPU time', 'RSS', 'threads'].map((h) => c.bold(h)),
    style: { head: [], border: [] },
    colAligns: ['right', 'left', 'right', 'right', 'right', 'right'],
  });
  const processes = [...sample.processes].sort((a, b) => b.rssBytes - a.rssBytes);
  for (const p of processes.slice(0, MAX_ROWS)) {
    table.push([
      p.pid,
      truncate(withoutInterpreter(p.command), COMMAND_WIDTH),
      p.cpuPercent.toFixed(0),
      formatDuration(p.cpuMs),
      formatSize(p.rssBytes),
      p.threads,
    ]);
  }
  if (processes.length > MAX_ROWS) {
    table.push(['', c.dim(`… ${processes.length - MAX_ROWS} more`), '', '', '', '']);
  }
  const gauge = (value: number, ceiling: unknown, show: (n: number) => string) => {
    if (typeof ceiling !== 'number') return show(value);
    const percent = (value / ceiling) * 100;
    const text = `${show(value)} / ${show(ceiling)} (${percent.toFixed(0)}%)`;
    if (percent >= 95) return c.red(text);
    return percent >= warnAt ? c.yellow(text) : c.green(text);
  };
  table.push([
    c.bold('all'),
    c.bold(
      `${processes.length} processes, ` +
        `${gauge(sample.atMs, start.limits.timeoutMs, formatDuration)} wall`,
    ),
    sample.cpuPercent.toFixed(0),
    gauge(sample.cpuMs, start.limits.cpuTimeMs, formatDuration),
    gauge(sample.rssBytes, start.limits.memoryBytes, formatSize),
    sample.threads,
  ]);
  return table.toString();
}

/** A terminal that reports no size (a pty without a window, as under `script`) gets 120x40. */
function sized(stream: NodeJS.WritableStream): NodeJS.WriteStream {
  const tty = stream as NodeJS.WriteStream;
  const view = {
    isTTY: true,
    write: (text: string) => tty.write(text),
    get columns() {
      return tty.columns || 120;
    },
    get rows() {
      return tty.rows || 40;
    },
  };
  return view as unknown as NodeJS.WriteStream;
}

/** `/usr/bin/python3 /opt/bin/tts --text …` reads better as `/opt/bin/tts --text …`. */
function withoutInterpreter(command: string): string {
  const match = /^\S*?([^/\s]+) (\/\S+.*)$/.exec(command);
  const interpreter = match?.[1] ?? '';
  return /^(python[\d.]*|sh|dash|bash|node|perl|ruby)$/.test(interpreter) ? match![2]! : command;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
