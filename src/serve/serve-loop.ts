// `serve`: keeps a server running under its limits for as long as it should run. Each
// lifetime ends by itself or on request; the restart policy, the backoff and the give-up
// rule decide whether another one starts.
import type { Writable } from 'node:stream';
import type { Settings } from '../config/registry.ts';
import { formatDuration } from '../config/units.ts';
import { Admission } from '../guard/admission.ts';
import { selectMechanisms } from '../limits/select.ts';
import { ServeMetrics } from '../metrics/serve-metrics.ts';
import type { RecordEvent, RunObserver } from '../report/events.ts';
import type { Logger } from '../report/logger.ts';
import { EXIT, effectiveLimits, type Outcome } from '../supervise/outcome.ts';
import { openFront } from './front.ts';
import { Lifetime, type LifetimeEnd, LifetimeFailure } from './lifetime.ts';
import { systemdNotifier } from './notify.ts';
import { RestartBudget } from './restart-budget.ts';
import { upstreamOf } from './upstream.ts';

/** What serve needs: the command, the settings and how to read them again (SIGHUP). */
export interface ServeInput {
  command: string[];
  settings: Settings;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: Writable;
  stderr: Writable;
  logger: Logger;
  observe: RunObserver;
  /** Adds serve's own lines to the record: each lifetime's end, restarts, requests. */
  record?: RecordEvent;
  reload: () => Promise<Settings>;
}

/** How serve ended. */
export interface ServeEnd {
  exitCode: number;
  message: string;
}

/** Runs the server until it is stopped, gives up, or its policy says it is done. */
export async function serve(input: ServeInput): Promise<ServeEnd> {
  const { logger, command } = input;
  let settings = input.settings;
  const upstream = upstreamOf(command, settings);
  const admission = new Admission(settings);
  const metrics = new ServeMetrics(admission);
  metrics.showLimits(settings);
  const notifier = systemdNotifier(input.env, (line) => logger.warn(line));
  const budget = new RestartBudget(settings);
  let current: Lifetime | undefined;
  let stopping: string | undefined;
  let wakeBackoff = () => {};

  const record: RecordEvent = input.record ?? (() => {});
  const front = await openFront(
    settings,
    admission,
    upstream,
    metrics,
    logger,
    (message) => current?.ask({ reason: 'runaway', graceful: false, message }),
    record,
  );
  const onStop = (signal: NodeJS.Signals) => {
    if (stopping) {
      current?.hurry();
      return;
    }
    stopping = signal;
    logger.info(`${signal}: stopping gracefully`);
    current?.ask({ reason: 'stop', graceful: true, message: `${signal} received` });
    wakeBackoff();
  };
  const onReload = () => {
    // Limits this host cannot hold are refused like a bad file: the old settings stay.
    const validated = input.reload().then((next) => {
      selectMechanisms(next, next);
      return next;
    });
    validated.then(
      (next) => {
        const restart =
          JSON.stringify(effectiveLimits(next)) !== JSON.stringify(effectiveLimits(settings));
        settings = next;
        front.guard?.update(next);
        admission.update(next);
        budget.update(next);
        metrics.showLimits(next);
        logger.info(
          `SIGHUP: configuration reloaded${restart ? '; restarting for the new limits' : ''}`,
        );
        if (restart) current?.ask({ reason: 'reload', graceful: true, message: 'new limits' });
      },
      (error: Error) => logger.error(`SIGHUP: reload failed, settings unchanged: ${error.message}`),
    );
  };
  process.on('SIGTERM', onStop).on('SIGINT', onStop).on('SIGHUP', onReload);

  try {
    let notified = false;
    while (!stopping) {
      current = new Lifetime({
        run: {
          command,
          cwd: input.cwd,
          env: input.env,
          stdout: input.stdout,
          stderr: input.stderr,
          stdin: 'ignore',
        },
        settings,
        upstream,
        admission,
        metrics,
        logger,
        observe: input.observe,
        onReady: () => {
          if (notified) return;
          notified = true;
          void notifier.ready(`serving ${upstream.origin}`);
        },
      });
      let end: LifetimeEnd;
      try {
        end = await current.run();
      } catch (error) {
        if (!(error instanceof LifetimeFailure)) throw error;
        return { exitCode: EXIT.usage, message: error.message };
      } finally {
        current = undefined;
      }
      record('lifetime', {
        upMs: Math.round(end.upMs),
        request: end.request,
        outcome: end.outcome,
      });
      if (stopping) break;
      const next = decideNext(end, settings, budget);
      if ('exitCode' in next) return next;
      metrics.restarted(next.reason);
      record('restart', { reason: next.reason, message: next.message, delayMs: next.delayMs });
      const after = next.delayMs ? ` in ${formatDuration(next.delayMs)}` : '';
      logger.warn(`restarting the server${after} (${next.reason}): ${next.message}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, next.delayMs);
        wakeBackoff = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return { exitCode: 0, message: `stopped on ${stopping}; the server and its tree are gone` };
  } finally {
    process.off('SIGTERM', onStop).off('SIGINT', onStop).off('SIGHUP', onReload);
    admission.refuseWaiting();
    await front.close();
    if (notifier.active) await notifier.stopping();
  }
}

const PROMPT = new Set(['restart-memory', 'reload', 'runaway']);

type Next = ServeEnd | { reason: string; message: string; delayMs: number };

/** Restart (after how long) or end, by the policy, the backoff and the give-up rule. */
function decideNext(end: LifetimeEnd, settings: Settings, budget: RestartBudget): Next {
  const { outcome, request } = end;
  const reason = request?.reason ?? ownReason(outcome);
  const message = request?.message ?? `the server ended: ${outcome.message}`;
  if (outcome.reason === 'spawn-error') return { exitCode: outcome.exitCode, message };
  const policy = settings.restartPolicy;
  if (policy === 'never') {
    const exitCode = request ? EXIT.serveGaveUp : outcome.exitCode;
    return { exitCode, message: `${message}; not restarting (--restart never)` };
  }
  if (policy === 'on-failure' && reason === 'exit') {
    return { exitCode: 0, message: `${message}; not restarting (--restart on-failure)` };
  }
  // A planned restart (memory ceiling, new limits) is no failure, and a runaway is the fault
  // of one request, not of the server: restart at once, outside the give-up count.
  if (PROMPT.has(reason)) return { reason, message, delayMs: 0 };
  const delayMs = budget.next(end.upMs);
  if (delayMs === undefined) {
    const window = formatDuration(settings.restartWindowMs);
    const count = `${budget.recent} restarts within ${window}`;
    const rule = `--restart-limit ${settings.restartLimit}`;
    return {
      exitCode: EXIT.serveGaveUp,
      message: `gave up: ${count} (${rule}); the last: ${message}`,
    };
  }
  return { reason, message, delayMs };
}

/** The restart reason of a server that ended by itself. */
function ownReason(outcome: Outcome): string {
  if (outcome.reason === 'exit') return outcome.exitCode === 0 ? 'exit' : 'crash';
  if (outcome.reason === 'memory') return 'memory-limit';
  return outcome.reason;
}
