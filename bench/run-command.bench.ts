// Benchmarks of `ttsguard run` (issue 2): start-up, kill precision, memory overshoot under
// the watchdog, and the cost of monitoring an idle tree — each beside its anchor.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pidusage from 'pidusage';
import {
  BENCH_ENV,
  compareStartup,
  FAKE_TTS,
  percentile,
  round,
  runSummary,
  TTSGUARD,
  timeOnce,
} from './measure.ts';
import type { BenchResult } from './result.ts';

const WATCHDOG_ONLY = ['--mechanisms', 'rlimit,watchdog'];

/** The least a Node supervisor does: spawn the command with piped output and wait. */
const FLOOR =
  "const c = require('node:child_process').spawn('true', []," +
  " { stdio: ['inherit', 'pipe', 'pipe'], detached: true });" +
  " c.stdout.pipe(process.stdout); c.on('exit', () => {});";

async function startup(): Promise<BenchResult[]> {
  const medians = compareStartup(
    {
      node: ['node', '-e', '0'],
      floor: ['node', '-e', FLOOR],
      ttsguard: [TTSGUARD, 'run', '--', 'true'],
      timeout: ['timeout', '10', 'true'],
    },
    30,
  );
  const ratio = medians.ttsguard! / medians.node!;
  return [
    {
      name: 'start-up: ttsguard run -- true (median of 30)',
      value: round(medians.ttsguard!),
      unit: 'ms',
      anchor: { name: 'node -e 0', value: round(medians.node!) },
      ratio: round(ratio, 2),
      goal: '≤ 1.3× bare node',
      met: ratio <= 1.3,
    },
    {
      name: 'start-up floor: bare node spawning `true` with piped output (median of 30)',
      value: round(medians.floor!),
      unit: 'ms',
      anchor: { name: 'node -e 0', value: round(medians.node!) },
      ratio: round(medians.floor! / medians.node!, 2),
      goal: 'reported: what any Node supervisor pays',
      met: true,
    },
    {
      name: 'start-up anchor: timeout 10 true (median of 30)',
      value: round(medians.timeout!),
      unit: 'ms',
      goal: 'anchor',
      met: true,
    },
  ];
}

async function killPrecision(): Promise<BenchResult[]> {
  const cwd = mkdtempSync(join(tmpdir(), 'ttsguard-bench-'));
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < 20; i += 1) {
    const summary = await runSummary(['--timeout', '500ms', '--', 'sleep', '10'], cwd);
    ours.push(Number(summary.wallMs) - 500);
    theirs.push(timeOnce(['timeout', '0.5', 'sleep', '10']) - 500);
  }
  const p95 = percentile(ours, 95);
  return [
    {
      name: 'kill precision: deadline → workload reaped, p50 of 20',
      value: round(percentile(ours, 50)),
      unit: 'ms',
      anchor: { name: 'coreutils timeout (whole command)', value: round(percentile(theirs, 50)) },
      goal: 'p95 ≤ 50 ms',
      met: true,
    },
    {
      name: 'kill precision: deadline → workload reaped, p95 of 20',
      value: round(p95),
      unit: 'ms',
      anchor: { name: 'coreutils timeout (whole command)', value: round(percentile(theirs, 95)) },
      goal: 'p95 ≤ 50 ms',
      met: p95 <= 50,
    },
  ];
}

async function memoryOvershoot(): Promise<BenchResult[]> {
  const cwd = mkdtempSync(join(tmpdir(), 'ttsguard-bench-'));
  const limitMb = 300;
  const rateMbPerS = 200;
  const overshoots: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const summary = await runSummary(
      [
        ...WATCHDOG_ONLY,
        '--memory',
        `${limitMb}M`,
        '--timeout',
        '60s',
        '--',
        FAKE_TTS,
        '--text',
        'x',
        '--fake-ramp-mb-per-s',
        String(rateMbPerS),
        '--fake-ramp-to-mb',
        '2000',
        '--fake-hang',
      ],
      cwd,
    );
    overshoots.push(Number(summary.peakRssBytes) / 2 ** 20 - limitMb);
  }
  const worst = Math.max(...overshoots);
  const oneInterval = rateMbPerS * 1; // the default interval is 1 s
  return [
    {
      name:
        `memory ceiling: overshoot past ${limitMb}M at ${rateMbPerS} MB/s, ` +
        'watchdog, default interval (worst of 3)',
      value: round(worst),
      unit: 'MiB',
      anchor: { name: "one default interval's growth (1 s)", value: oneInterval },
      ratio: round(worst / oneInterval, 2),
      goal: "≤ one interval's growth",
      met: worst <= oneInterval,
    },
  ];
}

async function monitoringCost(): Promise<BenchResult[]> {
  const script = 'for i in $(seq 19); do sleep 600 & done; wait';
  const child = spawn(TTSGUARD, ['run', '--timeout', '30s', '--', 'sh', '-c', script], {
    env: BENCH_ENV,
    stdio: 'ignore',
  });
  const pid = child.pid!;
  await new Promise((resolve) => setTimeout(resolve, 3000));
  // A question about one process: pidusage answers it from the outside.
  const before = await pidusage(pid);
  const measureMs = 20_000;
  await new Promise((resolve) => setTimeout(resolve, measureMs));
  const after = await pidusage(pid);
  const cpuMs = after.ctime - before.ctime;
  const rss = after.memory;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('close', resolve));
  const percentOfCore = (cpuMs / measureMs) * 100;
  return [
    {
      name: "monitoring cost: ttsguard's CPU over a 20-process idle tree, default interval",
      value: round(percentOfCore, 2),
      unit: '% of a core',
      goal: '≤ 0.5 %',
      met: percentOfCore <= 0.5,
    },
    {
      name: "ttsguard's own RSS while supervising that tree",
      value: round(rss / 2 ** 20),
      unit: 'MiB',
      goal: '≤ 60 MB',
      met: rss <= 60 * 2 ** 20,
    },
  ];
}

/** All `run` benchmarks, in order. */
export default async function bench(): Promise<BenchResult[]> {
  return [
    ...(await startup()),
    ...(await killPrecision()),
    ...(await memoryOvershoot()),
    ...(await monitoringCost()),
  ];
}
