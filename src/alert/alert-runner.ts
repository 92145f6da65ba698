// Runs the user's --on-alert command once per near-limit crossing. It runs beside the
// workload, never in its way: time-bounded, in its own process group (so a shell's children
// go too), its output sent to ttsguard's stderr, its failure only logged.
import { execa } from 'execa';
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

  private async runOnce(near: NearLimit, env: NodeJS.ProcessEnv): Promise<AlertResult> {
    const t0 = performance.now();
    const base = { limit: env.TTSGUARD_ALERT_LIMIT ?? near.limit };
    // execa bounds the shell (SIGTERM at the timeout, SIGKILL a second later); its own group
    // lets whatever the shell left behind be removed with it.
    const subprocess = execa('/bin/sh', ['-c', this.shellCommand], {
      env,
      extendEnv: false,
      detached: true,
      stdin: 'ignore',
      stdout: 2,
      stderr: 2,
      timeout: this.timeoutMs,
      killSignal: 'SIGTERM',
      forceKillAfterDelay: KILL_AFTER_MS,
      cleanup: false,
      reject: false,
    });
    const group = subprocess.pid;
    const result = await subprocess;
    if (group !== undefined) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {}
    }
    const wallMs = Math.round(performance.now() - t0);
    const started = group !== undefined;
    return {
      ...base,
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      timedOut: result.timedOut,
      wallMs,
      ...(started ? {} : { error: result.shortMessage }),
    };
  }
}

function describeFailure(command: string, result: AlertResult, timeoutMs: number): string {
  const what = `--on-alert ${JSON.stringify(command)}`;
  if (result.error) return `${what}: cannot start: ${result.error}`;
  if (result.timedOut) return `${what}: still running after ${timeoutMs / 1000}s; stopped`;
  if (result.signal) return `${what}: ended by ${result.signal}`;
  return `${what}: exited with code ${result.exitCode}`;
}
