// Runs one workload under its limits from spawn to reaping, and says how it ended.
import type { Writable } from 'node:stream';
import type { Settings } from '../config/registry.ts';
import { formatDuration } from '../config/units.ts';
import { selectMechanisms } from '../limits/select.ts';
import { readProcStat, TICKS_PER_SECOND } from '../monitor/proc-stat.ts';
import { ProcessTree } from '../monitor/process-tree.ts';
import { Sampler } from '../monitor/sampler.ts';
import type { RunObserver } from '../report/events.ts';
import { hintsFor } from '../tts/hints.ts';
import type { TtsFacts } from '../tts/output-scan.ts';
import { decideOutcome, type RunFacts } from './decide-outcome.ts';
import { forwardSignals } from './forward-signals.ts';
import { launchWorkload, type RunBase } from './launch-workload.ts';
import { effectiveLimits, type Outcome } from './outcome.ts';
import { passThrough } from './passthrough.ts';
import { kernelStop, watchSamples } from './sample-watch.ts';
import { Sentinel } from './sentinel.ts';
import { StopControl } from './stop-control.ts';
import { Stopper } from './stopper.ts';
import { outputHeldOpen, stopLeftovers } from './teardown.ts';

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
  const selection = selectMechanisms(settings, settings);
  const base: RunBase = { command, startedAt: new Date(), settings, selection };
  const launch = await launchWorkload(input, selection, base);
  if (!launch.ok) return launch.outcome;
  // The workload's CPU reaches this process's own child ticks only once it is reaped.
  const cpuBefore = ownChildTicks();
  const t0 = performance.now();

  const { child, pid, prepared, plan } = launch;
  const clock = () => performance.now() - t0;
  const tree = new ProcessTree(pid);
  // The cgroup also knows members that setsid'd away and whose parent is gone.
  tree.extraPids = () => prepared.members();
  const sentinel = Sentinel.start(pid, prepared.directories);
  const stopper = new Stopper(tree, settings.killAfterMs, clock);
  const control = new StopControl(stopper, settings, input.observe);
  const facts: TtsFacts = {};
  const output = Promise.all([
    passThrough(child.stdout!, input.stdout, facts),
    passThrough(child.stderr!, input.stderr, facts),
  ]);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const watch = watchSamples(
    { pid, settings, selection, prepared },
    { sentinel, observe: input.observe, onStop: (request) => control.limit(request) },
    () => sampler,
  );
  const sampler = new Sampler(tree, settings.intervalMs, watch.onSample);

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
  const timeoutTimer = startTimeout(settings, control);
  const unforward = input.forwardSignals
    ? forwardSignals((signal) => control.forward(signal))
    : () => {};
  const onAbort = () => control.abort(input.abort?.reason);
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

  const reapedCpuMs =
    ((ownChildTicks() - cpuBefore + tree.retiredCpuTicks) * 1000) / TICKS_PER_SECOND;
  const outcome = decideOutcome({
    ...base,
    pid,
    status,
    wallMs,
    cpuMs: Math.max(sampler.last?.cpuMs ?? 0, reapedCpuMs),
    peak: watch.peaks(),
    peakMemoryBytes: usage.peakMemoryBytes,
    stopRequest: control.request,
    kernelStop: killedByKernel,
    forwarded: control.forwarded,
    stop: stopper.stopped,
    leftovers,
    facts,
    hints: hintsFor(facts, command[0]!, false),
    enforcement: watch.enforcement(),
    warnings: [
      ...selection.warnings,
      ...plan.warnings,
      ...(cleanupProblem ? [cleanupProblem] : []),
      ...(escaped ? [escaped] : []),
    ],
  } satisfies RunFacts);
  if (!control.aborted) return outcome;
  return { ...outcome, reason: 'stopped', message: `stopped on request: ${input.abort?.reason}` };
}

/** The wall-clock limit's timer, if there is one. */
function startTimeout(settings: Settings, control: StopControl): NodeJS.Timeout | undefined {
  if (settings.timeoutMs === undefined) return undefined;
  const message = `timeout: still running after ${formatDuration(settings.timeoutMs)}`;
  return setTimeout(
    () => control.limit({ reason: 'timeout', limit: 'timeout', message }),
    settings.timeoutMs,
  );
}

/** CPU ticks of this process's waited-for children: the reaped workload's exact total. */
function ownChildTicks(): number {
  return readProcStat(process.pid)?.childCpuTicks ?? 0;
}
