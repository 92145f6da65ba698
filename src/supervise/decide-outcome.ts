// Turns the facts of a finished run into its outcome: the reason, the exit code, the one
// line that explains it, and the figures for the summary.
import type { Settings } from '../config/registry.ts';
import { formatDuration, formatSize } from '../config/units.ts';
import type { Enforcement, LimitName } from '../limits/mechanism.ts';
import { cpuSeconds } from '../limits/rlimit.ts';
import type { Selection } from '../limits/select.ts';
import type { StopRequest } from '../limits/watchdog.ts';
import { hintsFor } from '../tts/hints.ts';
import type { TtsFacts } from '../tts/output-scan.ts';
import { checkWav } from '../tts/wav-check.ts';
import { EXIT, effectiveLimits, type Outcome, type Reason, statusCode } from './outcome.ts';
import type { Resolution } from './resolve-command.ts';
import type { StopRecord } from './stopper.ts';

/** Everything known about a run once it is over. */
export interface RunFacts {
  command: string[];
  startedAt: Date;
  settings: Settings;
  selection: Selection;
  spawnError?: Extract<Resolution, { ok: false }> | { ok: false; exitCode: 125; message: string };
  pid?: number;
  status?: { code: number | null; signal: string | null };
  wallMs?: number;
  cpuMs?: number;
  peak?: { rss: number; processes: number; threads: number };
  /** The kernel's own high-water mark of the workload's cgroup, where there is one. */
  peakMemoryBytes?: number;
  stopRequest?: StopRequest;
  /** A stop the kernel made itself (an OOM kill inside the workload's cgroup). */
  kernelStop?: StopRequest;
  forwarded?: string;
  stop?: StopRecord;
  leftovers?: number;
  facts?: TtsFacts;
  hints?: string[];
  enforcement?: Partial<Record<LimitName, Enforcement>>;
  warnings?: string[];
}

const STOP_CODES: Record<StopRequest['reason'], number> = {
  timeout: EXIT.timeout,
  memory: EXIT.memory,
  'cpu-time': EXIT.cpuTime,
};

/** Decides reason, exit code and message. */
export function decideOutcome(run: RunFacts): Outcome {
  const base = baseOutcome(run);
  if (run.spawnError) {
    const notFound = run.spawnError.exitCode === 127;
    return {
      ...base,
      reason: 'spawn-error',
      exitCode: run.spawnError.exitCode,
      message: run.spawnError.message,
      hints: hintsFor({}, run.command[0]!, notFound),
    };
  }
  const { code, signal } = run.status!;
  const childStatus = statusCode(code, signal);
  const withStatus = (reason: Reason, exitCode: number, message: string): Outcome => ({
    ...base,
    reason,
    exitCode: run.settings.preserveStatus && reason !== 'exit' ? childStatus : exitCode,
    message,
  });

  if (run.kernelStop && !run.stopRequest) {
    const { reason, message } = run.kernelStop;
    return withStatus(reason, STOP_CODES[reason], message);
  }
  if (run.stopRequest) {
    const how = describeStop(run.stop, run.settings.killAfterMs);
    const message = `${run.stopRequest.message}; stopped with ${how}`;
    return withStatus(run.stopRequest.reason, STOP_CODES[run.stopRequest.reason], message);
  }
  if (isKernelCpuStop(run)) {
    const limit = formatDuration(run.settings.cpuTimeMs!);
    return withStatus(
      'cpu-time',
      EXIT.cpuTime,
      `cpu-time: the kernel stopped a process at its ${limit} CPU limit (${signal})`,
    );
  }
  if (signal) {
    const why = run.forwarded
      ? `after ttsguard forwarded ${run.forwarded}`
      : 'not sent by ttsguard';
    return {
      ...base,
      reason: 'signal',
      exitCode: childStatus,
      message: `ended by ${signal} (${why})`,
    };
  }
  if (code !== 0) {
    return { ...base, reason: 'exit', exitCode: code ?? 1, message: `exited with code ${code}` };
  }
  const wavProblem = run.settings.expectWav ? checkWav(run.settings.expectWav) : undefined;
  if (wavProblem) {
    return {
      ...base,
      reason: 'expect-wav',
      exitCode: EXIT.expectWav,
      message: `--expect-wav: ${wavProblem}`,
    };
  }
  return { ...base, reason: 'exit', exitCode: 0, message: 'exited with code 0' };
}

function isKernelCpuStop(run: RunFacts): boolean {
  if (
    run.settings.cpuTimeMs === undefined ||
    !run.selection.mechanismOf.cpuTime?.includes('rlimit')
  ) {
    return false;
  }
  const signal = run.status?.signal;
  if (signal === 'SIGXCPU') return true;
  // The hard limit ends with SIGKILL; only blame the limit if the CPU time got there.
  const { soft } = cpuSeconds(run.settings);
  return signal === 'SIGKILL' && !run.stop && (run.cpuMs ?? 0) >= soft * 1000 * 0.9;
}

function describeStop(stop: StopRecord | undefined, graceMs: number): string {
  if (!stop) return 'no signal (it ended first)';
  if (stop.signal === 'SIGKILL') return 'SIGKILL';
  if (stop.escalated)
    return `${stop.signal}, then SIGKILL after the ${formatDuration(graceMs)} grace`;
  return stop.signal;
}

function baseOutcome(run: RunFacts): Outcome {
  const status = run.status;
  return {
    reason: 'exit',
    exitCode: 0,
    childExitCode: status?.code ?? null,
    signal: status?.signal ?? null,
    message: '',
    command: run.command,
    pid: run.pid ?? null,
    startedAt: run.startedAt.toISOString(),
    wallMs: Math.round(run.wallMs ?? 0),
    cpuMs: Math.round(run.cpuMs ?? 0),
    peakRssBytes: run.peak?.rss ?? 0,
    peakMemoryBytes: run.peakMemoryBytes ?? null,
    peakProcesses: run.peak?.processes ?? 0,
    peakThreads: run.peak?.threads ?? 0,
    limits: effectiveLimits(run.settings),
    enforcement: run.enforcement ?? {},
    stop: run.stop ? { signal: run.stop.signal, escalated: run.stop.escalated } : null,
    leftovers: run.leftovers ?? 0,
    tts: run.facts ?? {},
    hints: run.hints ?? [],
    warnings: run.warnings ?? [],
  };
}

/** A one-line figure summary, e.g. `1.2s wall, 0.8s CPU, peak 45M RSS`. */
export function describeUsage(outcome: Outcome): string {
  const parts = [
    `${formatDuration(outcome.wallMs)} wall`,
    `${formatDuration(outcome.cpuMs)} CPU`,
    `peak ${formatSize(outcome.peakRssBytes)} RSS`,
    ...(outcome.peakMemoryBytes === null
      ? []
      : [`cgroup peak ${formatSize(outcome.peakMemoryBytes)}`]),
  ];
  if (outcome.tts.realTimeFactor !== undefined) parts.push(`RTF ${outcome.tts.realTimeFactor}`);
  return parts.join(', ');
}
