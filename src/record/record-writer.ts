// Writes a run's record as it happens: each line is one complete JSON object handed to the
// kernel in a single write, so a reader finds every line whole even after `kill -9` of
// ttsguard, and everything up to the last sample after any other ending.
import { closeSync, rmSync, writeSync } from 'node:fs';
import type { Settings } from '../config/registry.ts';
import type { Sample } from '../monitor/sampler.ts';
import type { RunEvent, StartEvent } from '../report/events.ts';
import type { Outcome } from '../supervise/outcome.ts';
import { readHostFacts } from './host-facts.ts';
import type { OpenRecord } from './record-file.ts';
import {
  type HeaderLine,
  RECORD_FORMAT,
  type RecordLine,
  type SampleLine,
} from './record-lines.ts';

/** What the header needs besides the start event. */
export interface RecordContext {
  command: string[];
  settings: Settings;
  /** Called once when writing fails; the run goes on without its record. */
  onError: (message: string) => void;
}

/** A record being written; `observe` is its RunObserver. */
export class RecordWriter {
  private t0 = performance.now();
  private hasHeader = false;
  private failed = false;

  constructor(
    private readonly file: OpenRecord,
    private readonly context: RecordContext,
  ) {}

  /** The path being written. */
  get path(): string {
    return this.file.path;
  }

  /** Records one run event. */
  readonly observe = (event: RunEvent): void => {
    switch (event.type) {
      case 'start':
        if (this.hasHeader) this.recordEvent('start', { pid: event.pid, argv: event.argv });
        else this.writeHeader(event);
        break;
      case 'sample':
        this.write(sampleLine(event.sample));
        break;
      case 'near':
        this.recordEvent('near', { ...event.near });
        break;
      case 'verified':
        this.recordEvent('verified', {
          limit: event.limit,
          mechanism: event.mechanism,
          inForce: event.inForce,
        });
        break;
      case 'stopping':
        this.recordEvent('stopping', { reason: event.reason, message: event.message });
        break;
      case 'warning':
        this.recordEvent('warning', { message: event.message });
        break;
      case 'leftovers':
        this.recordEvent('leftovers', { count: event.count });
        break;
      case 'end':
        this.writeOutcome(event.outcome);
        break;
    }
  };

  /** Adds an event line of any kind (`alert`, and for `serve`: `restart`, `request`, …). */
  recordEvent(event: string, fields: Record<string, unknown> = {}): void {
    const head = { kind: 'event' as const, event, atMs: this.elapsedMs() };
    // The head goes first for people reading the file, and wins over any field of that name.
    this.write(Object.assign({ ...head }, fields, head));
  }

  /** For a run that never started: removes the file this run made, as nothing is in it. */
  abandon(): void {
    if (this.hasHeader) return;
    this.close();
    if (this.file.created) rmSync(this.file.path, { force: true });
  }

  /** Closes the file; later events are dropped. */
  close(): void {
    if (this.failed) return;
    this.failed = true;
    try {
      closeSync(this.file.fd);
    } catch {}
  }

  private writeHeader(start: StartEvent | undefined): void {
    this.t0 = performance.now();
    this.hasHeader = true;
    const header: HeaderLine = {
      kind: 'header',
      format: RECORD_FORMAT,
      startedAt: new Date().toISOString(),
      command: this.context.command,
      settings: this.context.settings,
      host: readHostFacts(),
      pid: start?.pid ?? null,
      argv: start?.argv ?? [],
      limits: start?.limits ?? {},
      mechanismOf: start?.mechanismOf ?? {},
      warnings: start?.warnings ?? [],
    };
    this.write(header);
  }

  private writeOutcome(outcome: Outcome): void {
    if (!this.hasHeader) this.writeHeader(undefined);
    this.write({ kind: 'outcome', atMs: this.elapsedMs(), outcome });
  }

  private elapsedMs(): number {
    return Math.round(performance.now() - this.t0);
  }

  private write(line: RecordLine): void {
    if (this.failed) return;
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`);
    try {
      // A regular file takes a whole buffer in one write(2); the loop only matters on a
      // full disk, where a short write is the best that can be had.
      for (let done = 0; done < bytes.length; ) done += writeSync(this.file.fd, bytes, done);
    } catch (error) {
      this.close();
      this.context.onError(`--record: cannot write ${this.path}: ${(error as Error).message}`);
    }
  }
}

function sampleLine(sample: Sample): SampleLine {
  return {
    kind: 'sample',
    atMs: Math.round(sample.atMs),
    rssBytes: sample.rssBytes,
    cpuMs: Math.round(sample.cpuMs),
    cpuPercent: Math.round(sample.cpuPercent * 10) / 10,
    threads: sample.threads,
    processes: sample.processes.map((p) => ({
      pid: p.pid,
      ppid: p.ppid,
      command: p.command,
      rssBytes: p.rssBytes,
      cpuMs: Math.round(p.cpuMs),
      cpuPercent: Math.round(p.cpuPercent * 10) / 10,
      threads: p.threads,
    })),
  };
}
