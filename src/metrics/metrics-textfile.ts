// Keeps a Prometheus textfile up to date for node_exporter's textfile collector: written at
// the start, every --metrics-interval while the run lasts (on its own timer, whatever the
// sampling interval), and at the end. Each write goes to a
// temporary file that is renamed over the old one, so the collector never reads half a file.
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { RunEvent } from '../report/events.ts';
import { checkOutputFolder } from '../report/output-folder.ts';
import type { Outcome } from '../supervise/outcome.ts';
import { formatGauges, type Gauge } from './prometheus-text.ts';

/** Fails before the run when the textfile's folder does not exist. */
export function checkTextfilePath(path: string): void {
  checkOutputFolder('--metrics-textfile', path);
}

interface RunState {
  startedAtMs: number;
  limits: Record<string, number | string | boolean>;
  rssBytes: number;
  peakRssBytes: number;
  cpuMs: number;
  wallMs: number;
  processes: number;
  crossings: number;
  outcome?: Outcome;
}

/** Writes the metrics of one run to `path`; `observe` is its RunObserver. */
export class MetricsTextfile {
  private readonly state: RunState = {
    startedAtMs: Date.now(),
    limits: {},
    rssBytes: 0,
    peakRssBytes: 0,
    cpuMs: 0,
    wallMs: 0,
    processes: 0,
    crossings: 0,
  };
  private timer: NodeJS.Timeout | undefined;
  private failed = false;
  private readonly labels: Record<string, string>;

  constructor(
    private readonly path: string,
    private readonly intervalMs: number,
    command: string[],
    private readonly onError: (message: string) => void,
  ) {
    this.labels = { command: basename(command[0] ?? '') };
  }

  /** Updates the figures; writes the file at the start and the end, and starts its timer. */
  readonly observe = (event: RunEvent): void => {
    const { state } = this;
    if (event.type === 'start') {
      state.startedAtMs = Date.now();
      state.limits = event.limits;
      this.write();
      // Its own cadence: samples may come far less often than the file is due.
      this.timer ??= setInterval(() => this.write(), this.intervalMs).unref();
    } else if (event.type === 'sample') {
      state.rssBytes = event.sample.rssBytes;
      state.peakRssBytes = Math.max(state.peakRssBytes, event.sample.rssBytes);
      state.cpuMs = event.sample.cpuMs;
      state.wallMs = event.sample.atMs;
      state.processes = event.sample.processes.length;
    } else if (event.type === 'near') {
      state.crossings += 1;
    } else if (event.type === 'end') {
      clearInterval(this.timer);
      this.timer = undefined;
      state.outcome = event.outcome;
      state.limits = event.outcome.limits;
      state.peakRssBytes = Math.max(state.peakRssBytes, event.outcome.peakRssBytes);
      state.cpuMs = event.outcome.cpuMs;
      state.wallMs = event.outcome.wallMs;
      state.rssBytes = 0;
      state.processes = 0;
      this.write();
    }
  };

  private write(): void {
    if (this.failed) return;
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, formatGauges(gaugesOf(this.state, this.labels)));
      renameSync(temporary, this.path);
    } catch (error) {
      this.failed = true;
      clearInterval(this.timer);
      try {
        unlinkSync(temporary);
      } catch {}
      this.onError(`--metrics-textfile: cannot write ${this.path}: ${(error as Error).message}`);
    }
  }
}

function gaugesOf(state: RunState, labels: Record<string, string>): Gauge[] {
  const one = (value: number) => [{ labels, value }];
  const limit = (key: string, scale = 1) =>
    typeof state.limits[key] === 'number' ? one(Number(state.limits[key]) / scale) : [];
  const { outcome } = state;
  return [
    {
      name: 'ttsguard_run_running',
      help: '1 while the workload runs',
      samples: one(outcome ? 0 : 1),
    },
    {
      name: 'ttsguard_run_start_time_seconds',
      help: 'when the workload started, Unix time',
      samples: one(state.startedAtMs / 1000),
    },
    {
      name: 'ttsguard_run_last_update_time_seconds',
      help: 'when this file was written, Unix time',
      samples: one(Date.now() / 1000),
    },
    {
      name: 'ttsguard_run_wall_seconds',
      help: 'wall time so far',
      samples: one(state.wallMs / 1000),
    },
    {
      name: 'ttsguard_run_cpu_seconds',
      help: 'CPU time of the tree so far',
      samples: one(state.cpuMs / 1000),
    },
    {
      name: 'ttsguard_run_rss_bytes',
      help: 'resident memory of the tree now',
      samples: one(state.rssBytes),
    },
    {
      name: 'ttsguard_run_peak_rss_bytes',
      help: 'highest resident memory of the tree',
      samples: one(state.peakRssBytes),
    },
    {
      name: 'ttsguard_run_processes',
      help: 'processes in the tree now',
      samples: one(state.processes),
    },
    {
      name: 'ttsguard_run_near_limit_crossings',
      help: 'limits the tree came within --warn-at of',
      samples: one(state.crossings),
    },
    { name: 'ttsguard_limit_memory_bytes', help: 'memory limit', samples: limit('memoryBytes') },
    {
      name: 'ttsguard_limit_timeout_seconds',
      help: 'wall-clock limit',
      samples: limit('timeoutMs', 1000),
    },
    {
      name: 'ttsguard_limit_cpu_time_seconds',
      help: 'CPU-time limit',
      samples: limit('cpuTimeMs', 1000),
    },
    {
      name: 'ttsguard_run_exit_code',
      help: "ttsguard's exit code for the run",
      samples: outcome ? one(outcome.exitCode) : [],
    },
    {
      name: 'ttsguard_run_outcome',
      help: 'why the run ended (1 for the reason)',
      samples: outcome ? [{ labels: { ...labels, reason: outcome.reason }, value: 1 }] : [],
    },
  ];
}
