// Shared test tools: run the built ttsguard as a real process, wait for announced lines
// instead of sleeping, and prove that nothing a test started is left running.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const TTSGUARD = join(ROOT, 'bin', 'ttsguard');
export const FAKE_TTS = join(ROOT, 'fixtures', 'bin', 'tts');
export const FAKE_SERVER = join(ROOT, 'fixtures', 'bin', 'tts-server');

/** How a finished process ended and what it wrote. */
export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/** A running ttsguard with its output collected as it arrives. */
export interface Running {
  child: ChildProcess;
  stdout: Buffer[];
  stderr(): string;
  /** Resolves with the first stderr line matching `pattern` (rejects after `ms`). */
  waitFor(pattern: RegExp, ms?: number): Promise<RegExpExecArray>;
  done: Promise<Finished>;
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'ttsguard-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The environment tests run ttsguard in: no colour, unbuffered python, no stray config. */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PYTHONUNBUFFERED: '1' };
  for (const key of Object.keys(env)) if (key.startsWith('TTSGUARD_')) delete env[key];
  return { ...env, XDG_CONFIG_HOME: join(tmpdir(), 'ttsguard-no-config'), ...extra };
}

/** Starts `bin/ttsguard args…` in `cwd` (a temp folder by default). */
export function start(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: 'ignore' | 'pipe' } = {},
): Running {
  const child = spawn(TTSGUARD, args, {
    cwd: options.cwd ?? tempDir(),
    env: options.env ?? testEnv(),
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  const waiters: Array<{ pattern: RegExp; resolve: (m: RegExpExecArray) => void }> = [];
  child.stdout!.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of [...waiters]) {
      const match = waiter.pattern.exec(stderr);
      if (match) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  });
  const done = new Promise<Finished>((resolve) => {
    child.on('close', (code, signal) =>
      resolve({ code, signal, stdout: Buffer.concat(stdout), stderr }),
    );
  });
  return {
    child,
    stdout,
    stderr: () => stderr,
    done,
    waitFor(pattern, ms = 20_000) {
      const match = pattern.exec(stderr);
      if (match) return Promise.resolve(match);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new Error(`no line matching ${pattern} within ${ms} ms; stderr:\n${stderr}`));
        }, ms);
        waiters.push({
          pattern,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
  };
}

/** Runs `bin/ttsguard args…` to the end. */
export function run(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Finished> {
  return start(args, options).done;
}

/** A finished `ttsguard run` with its JSON summary, folder and pid. */
export interface Summarized extends Finished {
  // biome-ignore lint/suspicious/noExplicitAny: the summary is read as the JSON it is.
  summary: any;
  cwd: string;
  pid: number;
}

/** Runs `ttsguard run --json-summary … <args> -- <command>` in a fresh folder. */
export async function runSummarized(
  args: string[],
  command: string[],
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<Summarized> {
  const cwd = tempDir();
  const path = join(cwd, 'summary.json');
  const running = start(['run', '--json-summary', path, ...args, '--', ...command], {
    cwd,
    env: options.env,
  });
  const finished = await running.done;
  const summary = JSON.parse(readFileSync(path, 'utf8'));
  return { ...finished, summary, cwd, pid: running.child.pid! };
}

/** Whether a pid is alive and not a zombie. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Waits until none of `pids` is running; throws naming the survivors after `ms`. */
export async function assertGone(pids: number[], ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!pids.some(isRunning)) return;
    await sleep(25);
  }
  const alive = pids.filter(isRunning);
  if (alive.length) throw new Error(`still running: ${alive.join(', ')}`);
}

/** Every pid announced in stderr as `pid=<n>` (the fixtures' readiness lines). */
export function announcedPids(stderr: string): number[] {
  return [...stderr.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
}

/** Processes whose command line contains `marker` (to find what a test started). */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmdline.includes(marker) && isRunning(Number(name))) found.push(Number(name));
    } catch {}
  }
  return found;
}

/** Waits `ms` milliseconds (only where no readiness line exists). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
