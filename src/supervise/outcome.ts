// How a run ended, and the exit code that says so. Every field here is part of the JSON
// summary that scripts depend on.
import { constants } from 'node:os';
import type { Settings } from '../config/registry.ts';
import type { Enforcement, LimitName } from '../limits/mechanism.ts';
import type { TtsFacts } from '../tts/output-scan.ts';

/** Why the run ended. */
export type Reason =
  | 'exit'
  | 'signal'
  | 'timeout'
  | 'memory'
  | 'cpu-time'
  | 'spawn-error'
  | 'expect-wav'
  | 'stopped';

/** Exit codes of ttsguard's own making. */
export const EXIT = {
  expectWav: 120,
  /** `serve` gave up: too many restarts within the window, or the server never came up. */
  serveGaveUp: 121,
  memory: 122,
  cpuTime: 123,
  timeout: 124,
  usage: 125,
  notExecutable: 126,
  notFound: 127,
} as const;

/** The outcome of one supervised run. */
export interface Outcome {
  reason: Reason;
  /** What ttsguard exits with. */
  exitCode: number;
  /** The workload's own exit code, or null when a signal ended it. */
  childExitCode: number | null;
  /** The signal that ended the workload, or null. */
  signal: string | null;
  /** One line saying what happened. */
  message: string;
  command: string[];
  pid: number | null;
  startedAt: string;
  wallMs: number;
  cpuMs: number;
  /** The highest sampled sum of the tree's RSS. */
  peakRssBytes: number;
  /** The cgroup's own high-water mark (memory.peak, max_usage_in_bytes), or null. */
  peakMemoryBytes: number | null;
  peakProcesses: number;
  peakThreads: number;
  /** The effective limits, in the units their names carry. */
  limits: Record<string, number | string | boolean>;
  enforcement: Partial<Record<LimitName, Enforcement>>;
  stop: { signal: string; escalated: boolean } | null;
  /** Members still alive after the root ended, stopped by ttsguard. */
  leftovers: number;
  tts: TtsFacts;
  hints: string[];
  warnings: string[];
}

/** The number of a signal name, e.g. 15 for SIGTERM. */
export function signalNumber(name: string): number {
  return (constants.signals as Record<string, number>)[name] ?? 0;
}

/** The shell's convention for a status: the code, or 128 + the signal's number. */
export function statusCode(code: number | null, signal: string | null): number {
  return signal ? 128 + signalNumber(signal) : (code ?? 0);
}

/** The limits as the summary shows them: only those set, units in the names. */
export function effectiveLimits(settings: Settings): Record<string, number | string | boolean> {
  const limits: Record<string, number | string | boolean> = {
    killAfterMs: settings.killAfterMs,
    signal: settings.signal,
    coreDumps: settings.coreDumps,
    intervalMs: settings.intervalMs,
  };
  const optional = [
    'timeoutMs',
    'memoryBytes',
    'cpuTimeMs',
    'addressSpaceBytes',
    'openFiles',
    'fileSizeBytes',
    'memoryHighBytes',
    'cpuCores',
    'tasks',
  ] as const;
  for (const key of optional) if (settings[key] !== undefined) limits[key] = settings[key]!;
  return limits;
}
