// Runs one workload under its limits from spawn to reaping, and says how it ended.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Writable } from 'node:stream';
import type { Settings } from '../config/registry.ts';
import { formatDuration, formatSize } from '../config/units.ts';
import type { LimitName, LimitValues } from '../limits/mechanism.ts';
import { type PreparedRun, prepareRun } from '../limits/prepare-run.ts';
import { type Selection, selectMechanisms } from '../limits/select.ts';
import { type StopRequest, Watchdog } from '../limits/watchdog.ts';
import { readProcStat, TICKS_PER_SECOND } from '../monitor/proc-stat.ts';
import { ProcessTree } from '../monitor/process-tree.ts';
import { type Sample, Sampler } from '../monitor/sampler.ts';
import type { RunObserver } from '../report/events.ts';
import { hintsFor } from '../tts/hints.ts';
import type { TtsFacts } from '../tts/output-scan.ts';
import { decideOutcome, type RunFacts } from './decide-outcome.ts';
import { forwardSignals } from './forward-signals.ts';
import { buildLaunchPlan, type LaunchPlan } from './launch-plan.ts';
import { effectiveLimits, type Outcome } from './outcome.ts';
import { passThrough } from './passthrough.ts';
import { resolveCommand } from './resolve-command.ts';
import { Sentinel } from './sentinel.ts';
import { Stopper } from './stopper.ts';
import { startVerification } from './verify-limits.ts';

/** What a run needs: the command, its settings and where its output goes. */
export interface RunInput {
  command: string[];
  settings: Settings;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  stdin: 'inherit' | 'ignore';
  observe: RunObserver;
  /** Forward SIGINT/SIGTERM/SIGHUP/SIGQUIT to the workload (off when embedded, as in demo). */
  forwardSignals: boolean;
  /** Stops the workload when aborted; the outcome's reason is then 'stopped' (serve). */
  abort?: AbortSignal;
}

/** Supervises one run; resolves once the workload and everything it started are gone. */
export async function superviseRun(input: RunInput): Promise<Outcome> {
  const { settings, command } = input;
  const startedAt = new Date();
  const limits: LimitValues = settings;
  const selection = selectMechanisms(limits, settings);
  const resolution = resolveCommand(command[0]!, input.env.PATH ?? '', input.cwd);
  const base = { command, startedAt, settings, selection };
  if (!resolution.ok) return decideOutcome({ ...base, spawnError: resolution });

  let prepared: PreparedRun;
  try {
    prepared = prepareRun(selection, limits);
  } catch (error) {
    const message = (error as Error).message;
    return decideOutcome({ ...base, spawnError: { ok: false, exitCode: 125, message } });
  }
  let plan: LaunchPlan;
  try {
    plan = buildLaunchPlan(resolution.path, command.slice(1), settings, selection, input.env, {
      cwd: input.cwd,
      gate: prepared.gate,
    });
  } catch (error) {
    await prepared.cleanup();
    throw error;
  }
  const cpuBefore = ownChildTicks();
  const t0 = performance.now();
  const clock = () => performance.now() - t0;
  const child = spawn(plan.argv[0]!, plan.argv.slice(1), {
    cwd: input.cwd,
    env: plan.env,
    detached: true,
    stdio: [input.stdin, 'pipe', 'pipe'],
  });
  const spawned = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  if (spawned || child.pid === undefined) {
    const message = `cannot start ${plan.argv[0]}: ${spawned?.message ?? 'no pid'}`;
    await prepared.cleanup();
    return decideOutcome({ ...base, spawnError: { ok: false, exitCode: 125, message } });
  }

  const pid = child.pid;
  const tree = new ProcessTree(pid);
  // The cgroup also knows members that setsid'd away and whose parent is gone.
  tree.extraPids = () => prepared.members();
  const sentinel = Sentinel.start(pid, prepared.directories);
  const stopper = new Stopper(tree, settings.killAfterMs, clock);
  const facts: TtsFacts = {};
  const output = Promise.all([
    passThrough(child.stdout!, input.stdout, facts),
    passThrough(child.stderr!, input.stderr, facts),
  ]);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });

  let stopRequest: StopRequest | undefined;
  let forwarded: string | undefined;
  const requestStop = (request: StopRequest) => {
    if (stopRequest || forwarded) return;
    stopRequest = request;
    input.observe({ type: 'stopping', reason: request.reason, message: request.message });
    stopper.stop(settings.signal);
  };

  const watched = watchedBy(selection, 'watchdog');
  const watchdog = new Watchdog(limits, watched, settings.warnAtPercent);
  const verification = startVerification(
    pid,
    limits,
    selection,
    input.observe,
    prepared.placements,
  );
  let peak = { rss: 0, processes: 0, threads: 0 };
  const onSample = (sample: Sample) => {
    peak = {
      rss: Math.max(peak.rss, sample.rssBytes),
      processes: Math.max(peak.processes, sample.processes.length),
      threads: Math.max(peak.threads, sample.threads),
    };
    verification.onSample(sample);
    sentinel.update(outsideGroup(sample, pid));
    input.observe({ type: 'sample', sample });
    for (const near of watchdog.near(sample)) input.observe({ type: 'near', near });
    sampler.hurry(watchdog.isClose(sample));
    const request = watchdog.check(sample) ?? kernelStop(prepared, settings);
    if (request) requestStop(request);
  };
  const sampler = new Sampler(tree, settings.intervalMs, onSample);

  input.observe({
    type: 'start',
    pid,
    command,
    argv: plan.argv,
    limits: effectiveLimits(settings),
    mechanismOf: selection.mechanismOf as Record<string, string>,
    warnings: [...selection.warnings, ...plan.warnings],
  });
  sampler.start();
  const timeoutTimer =
    settings.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
          const limit = formatDuration(settings.timeoutMs!);
          requestStop({
            reason: 'timeout',
            limit: 'timeout',
            message: `timeout: still running after ${limit}`,
          });
        }, settings.timeoutMs);
  const unforward = input.forwardSignals
    ? forwardSignals((signal) => {
        forwarded ??= signal;
        stopper.stop(signal);
      })
    : () => {};
  let aborted = false;
  const onAbort = () => {
    if (stopRequest || forwarded || aborted) return;
    aborted = true;
    const message = `stopping on request: ${String(input.abort?.reason ?? 'abort')}`;
    input.observe({ type: 'stopping', reason: 'stopped', message });
    stopper.stop(settings.signal);
  };
  if (input.abort?.aborted) onAbort();
  else input.abort?.addEventListener('abort', onAbort, { once: true });

  const status = await exited;
  input.abort?.removeEventListener('abort', onAbort);
  const wallMs = clock();
  clearTimeout(timeoutTimer);
  sampler.stop();
  const leftovers = await stopLeftovers(tree, stopper, settings, input.observe);
  const escaped = await outputHeldOpen(output, child);
  if (escaped) input.observe({ type: 'warning', message: escaped });
  unforward();
  stopper.settle();
  const usage = prepared.usage();
  const killedByKernel = kernelStop(prepared, settings);
  prepared.kill();
  const cleanupProblem = await prepared.cleanup();
  await sentinel.dismiss();

  const lastCpuMs = sampler.last?.cpuMs ?? 0;
  const reapedCpuMs =
    ((ownChildTicks() - cpuBefore + tree.retiredCpuTicks) * 1000) / TICKS_PER_SECOND;
  const outcome = decideOutcome({
    ...base,
    pid,
    status,
    wallMs,
    cpuMs: Math.max(lastCpuMs, reapedCpuMs),
    peak,
    peakMemoryBytes: usage.peakMemoryBytes,
    stopRequest,
    kernelStop: killedByKernel,
    forwarded,
    stop: stopper.stopped,
    leftovers,
    facts,
    hints: hintsFor(facts, command[0]!, false),
    enforcement: verification.result(),
    warnings: [
      ...selection.warnings,
      ...plan.warnings,
      ...(cleanupProblem ? [cleanupProblem] : []),
      ...(escaped ? [escaped] : []),
    ],
  } satisfies RunFacts);
  if (!aborted) return outcome;
  return { ...outcome, reason: 'stopped', message: `stopped on request: ${input.abort?.reason}` };
}

/**
 * After the root has gone, stops whatever of the tree is left and waits until it is gone;
 * returns how many outlived the root by themselves.
 */
async function stopLeftovers(
  tree: ProcessTree,
  stopper: Stopper,
  settings: Settings,
  observe: RunObserver,
): Promise<number> {
  if (!tree.mayHaveSurvivors()) return 0;
  tree.scan();
  const survivors = tree.survivors().length;
  if (survivors === 0) return 0;
  // Members still dying from a stop already sent are part of that stop, not leftovers.
  const count = stopper.stopped ? 0 : survivors;
  if (count > 0) observe({ type: 'leftovers', count });
  if (!stopper.stopped) stopper.stop(settings.signal);
  const deadline = performance.now() + settings.killAfterMs + 2000;
  while (performance.now() < deadline) {
    tree.scan();
    if (tree.survivors().length === 0) break;
    await delay(20);
  }
  if (tree.survivors().length > 0) stopper.kill();
  return count;
}

/** A stop request when the kernel's OOM killer acted inside the workload's cgroup. */
function kernelStop(prepared: PreparedRun, settings: Settings): StopRequest | undefined {
  if (prepared.explainDeath() !== 'memory') return undefined;
  const ceiling = formatSize(settings.memoryBytes ?? 0);
  const peak = prepared.usage().peakMemoryBytes;
  const at = peak === undefined ? '' : `, peak ${formatSize(peak)}`;
  return {
    reason: 'memory',
    limit: 'memory',
    message: `memory: the kernel's OOM killer ended a process at the ${ceiling} ceiling${at}`,
  };
}

function outsideGroup(sample: Sample, group: number): number[] {
  return sample.processes.filter((p) => p.pgrp !== group).map((p) => p.pid);
}

function watchedBy(selection: Selection, name: string): Set<LimitName> {
  const limits = [...selection.chosen].find(([mechanism]) => mechanism.name === name)?.[1];
  return new Set(limits ?? []);
}

/**
 * Waits up to a second for the workload's output to close. A pipe still open then is held by
 * a process that left the tree before any sample saw it (say, `setsid cmd &` and exit): it
 * runs unsupervised, and its pipes are closed so that ttsguard does not wait for it.
 */
async function outputHeldOpen(
  output: Promise<unknown>,
  child: ChildProcess,
): Promise<string | undefined> {
  const closed = await Promise.race([output.then(() => true), delay(1000).then(() => false)]);
  if (closed) return undefined;
  child.stdout?.destroy();
  child.stderr?.destroy();
  return (
    'a process outside the tree still holds the output open ' +
    '(it left before any sample saw it); it runs unsupervised'
  );
}

/** CPU ticks of this process's waited-for children: the reaped workload's exact total. */
function ownChildTicks(): number {
  return readProcStat(process.pid)?.childCpuTicks ?? 0;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
