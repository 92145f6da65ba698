// Runs the user's --on-alert command once per near-limit crossing. It runs beside the
// workload, never in its way: time-bounded, in its own process group (so a shell's children
// go too), its output sent to ttsguard's stderr, its failure only logged.
import { spawn } from 'node:child_process';
import type { NearLimit } from '../limits/watchdog.ts';
import type { RunEvent } from '../report/events.ts';
import { type AlertContext, alertEnvironment } from './alert-env.ts';

/** How the alert command ended. */
export interface AlertResult {
  limit: string;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  wallMs: number;
  error?: string;
}

/** Where the runner reports. */
export interface AlertHooks {
  /** A failed or timed-out alert command, as one line. */
  onFailure: (message: string) => void;
  /** Every alert command's end, for the record. */
  onResult: (result: AlertResult) => void;
}

/** Seconds an alert command may run before its process group is stopped. */
export const ALERT_TIMEOUT_MS = 10_000;
const KILL_AFTER_MS = 1000;

/** Fires the alert command on `near` events; `settled()` waits for the running ones. */
export class AlertRunner {
  private readonly running = new Set<Promise<void>>();
  private readonly context: AlertContext;

  constructor(
    private readonly shellCommand: string,
    context: AlertContext,
    private readonly hooks: AlertHooks,
    private readonly timeoutMs = ALERT_TIMEOUT_MS,
  ) {
    this.context = { ...context };
  }

  /** The RunObserver side: learns the pid at start, fires on each crossing. */
  readonly observe = (event: RunEvent): void => {
    if (event.type === 'start') this.context.pid = event.pid;
    if (event.type === 'near') this.fire(event.near);
  };

  /** Resolves when every alert command started so far has ended or been stopped. */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }

  private fire(near: NearLimit): void {
    const env = { ...process.env, ...alertEnvironment(near, this.context) };
    const done = this.runOnce(near, env).then((result) => {
      this.hooks.onResult(result);
      if (result.error || result.timedOut || result.exitCode !== 0) {
        this.hooks.onFailure(describeFailure(this.shellCommand, result, this.timeoutMs));
      }
    });
    this.running.add(done);
    done.finally(() => this.running.delete(done));
  }

  private runOnce(near: NearLimit, env: NodeJS.ProcessEnv): Promise<AlertResult> {
    const t0 = performance.now();
    const base = { limit: env.TTSGUARD_ALERT_LIMIT ?? near.limit, timedOut: false };
    return new Promise((resolve) => {
      const child = spawn('/bin/sh', ['-c', this.shellCommand], {
        env,
        detached: true,
        stdio: ['ignore', 2, 2],
      });
      let timedOut = false;
      const stopGroup = (signal: NodeJS.Signals) => {
        try {
          if (child.pid) process.kill(-child.pid, signal);
        } catch {}
      };
      const timer = setTimeout(() => {
        timedOut = true;
        stopGroup('SIGTERM');
        setTimeout(() => stopGroup('SIGKILL'), KILL_AFTER_MS).unref();
      }, this.timeoutMs);
      child.once('error', (error) => {
        clearTimeout(timer);
        const wallMs = Math.round(performance.now() - t0);
        resolve({ ...base, exitCode: null, signal: null, wallMs, error: error.message });
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        // Whatever the shell left behind in its group goes with it.
        stopGroup('SIGKILL');
        const wallMs = Math.round(performance.now() - t0);
        resolve({ ...base, exitCode: code, signal, timedOut, wallMs });
      });
    });
  }
}

function describeFailure(command: string, result: AlertResult, timeoutMs: number): string {
  const what = `--on-alert ${JSON.stringify(command)}`;
  if (result.error) return `${what}: cannot start: ${result.error}`;
  if (result.timedOut) return `${what}: still running after ${timeoutMs / 1000}s; stopped`;
  if (result.signal) return `${what}: ended by ${result.signal}`;
  return `${what}: exited with code ${result.exitCode}`;
}
