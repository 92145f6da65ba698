// The lines of a record file: one JSON object per line, told apart by `kind`. Readers and
// writers share these types so that the format is written down once.
import type { Settings } from '../config/registry.ts';
import type { StartEvent } from '../report/events.ts';
import type { Outcome } from '../supervise/outcome.ts';

/** Names the format in every header, so a reader can refuse what it does not know. */
export const RECORD_FORMAT = 'ttsguard-record/1';

/** What makes two records comparable: the machine they ran on. */
export interface HostFacts {
  hostname: string;
  cores: number;
  memoryBytes: number;
  kernel: string;
  arch: string;
  node: string;
}

/** The first line of a run: what ran, under which settings, where, held by what. */
export interface HeaderLine {
  kind: 'header';
  format: typeof RECORD_FORMAT;
  startedAt: string;
  command: string[];
  settings: Settings;
  host: HostFacts;
  pid: number | null;
  argv: string[];
  limits: StartEvent['limits'];
  mechanismOf: Record<string, string>;
  warnings: string[];
}

/** One reading of the whole tree, with per-process detail. */
export interface SampleLine {
  kind: 'sample';
  atMs: number;
  rssBytes: number;
  cpuMs: number;
  cpuPercent: number;
  threads: number;
  processes: Array<{
    pid: number;
    ppid: number;
    command: string;
    rssBytes: number;
    cpuMs: number;
    cpuPercent: number;
    threads: number;
  }>;
}

/** Something that happened: `near`, `stopping`, `alert`, `restart`, … with its own fields. */
export interface EventLine {
  kind: 'event';
  event: string;
  atMs: number;
  [field: string]: unknown;
}

/** The last line of a finished run: the same object as the JSON summary. */
export interface OutcomeLine {
  kind: 'outcome';
  atMs: number;
  outcome: Outcome;
}

export type RecordLine = HeaderLine | SampleLine | EventLine | OutcomeLine;
