// Small measuring tools shared by the benchmarks: timed spawns, percentiles, and the
// ttsguard binary and fixtures they run.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..');
export const TTSGUARD = join(ROOT, 'bin', 'ttsguard');
export const FAKE_TTS = join(ROOT, 'fixtures', 'bin', 'tts');

/** The environment benchmarks run ttsguard in. */
export const BENCH_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NO_COLOR: '1',
  PYTHONUNBUFFERED: '1',
};

/** The p-th percentile (0–100) of `values`, by nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

/** Wall milliseconds of one run of `argv`, waited for to the end. */
export function timeOnce(argv: string[]): number {
  const started = performance.now();
  const result = spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore', env: BENCH_ENV });
  if (result.error) throw result.error;
  return performance.now() - started;
}

/** Median wall time of each command over `runs` runs, interleaved so load hits all alike. */
export function compareStartup(
  commands: Record<string, string[]>,
  runs: number,
): Record<string, number> {
  const times: Record<string, number[]> = {};
  for (const name of Object.keys(commands)) {
    times[name] = [];
    timeOnce(commands[name]!);
  }
  for (let i = 0; i < runs; i += 1) {
    for (const [name, argv] of Object.entries(commands)) times[name]!.push(timeOnce(argv));
  }
  return Object.fromEntries(
    Object.entries(times).map(([name, list]) => [name, percentile(list, 50)]),
  );
}

/** Runs ttsguard with a JSON summary and returns the summary. */
export async function runSummary(args: string[], cwd: string): Promise<Record<string, unknown>> {
  const path = join(cwd, `summary-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(TTSGUARD, ['run', '--json-summary', path, ...args], {
      cwd,
      env: BENCH_ENV,
      stdio: 'ignore',
    });
    child.on('error', reject);
    child.on('close', () => resolve());
  });
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Rounds for display. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
