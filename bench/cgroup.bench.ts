// Benchmarks of kernel-enforced limits (issue 3): how far a ramping workload gets past its
// memory ceiling under the watchdog and under the cgroup, and what a cgroup adds to start-up.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cgroupV1Mechanism } from '../src/limits/cgroup-v1.ts';
import { cgroupV2Mechanism } from '../src/limits/cgroup-v2.ts';
import { compareStartup, FAKE_TTS, round, runSummary, TTSGUARD } from './measure.ts';
import type { BenchResult } from './result.ts';

const MIB = 1024 * 1024;
const CEILING_MB = 100;
const RAMP = ['--', FAKE_TTS, '--text', 'x', '--fake-ramp-mb-per-s', '400'];
const RUNS = 3;

/** The largest overshoot past the ceiling over a few runs, in MiB (0 when never past it). */
async function overshoot(mechanisms: string, cwd: string): Promise<number> {
  let worst = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const outcome = await runSummary(
      [
        '--memory',
        `${CEILING_MB}M`,
        '--mechanisms',
        mechanisms,
        ...RAMP,
        '--fake-ramp-to-mb',
        '400',
      ],
      cwd,
    );
    const peak = Number(outcome.peakMemoryBytes ?? outcome.peakRssBytes);
    worst = Math.max(worst, peak / MIB - CEILING_MB);
  }
  return worst;
}

/** The cgroup mechanism usable here, if any. */
function cgroupName(): string | undefined {
  if (cgroupV2Mechanism.probe().available) return 'cgroup-v2';
  if (cgroupV1Mechanism.probe().available) return 'cgroup-v1';
  return undefined;
}

export default async function bench(): Promise<BenchResult[]> {
  const cgroup = cgroupName();
  if (!cgroup) return [];
  const cwd = mkdtempSync(join(tmpdir(), 'ttsguard-bench-'));
  const watchdog = await overshoot('rlimit,watchdog', cwd);
  const kernel = await overshoot(`${cgroup},rlimit,watchdog`, cwd);
  const medians = compareStartup(
    {
      without: [TTSGUARD, 'run', '--', 'true'],
      with: [TTSGUARD, 'run', '--memory', '1G', '--cpus', '1', '--tasks', '100', '--', 'true'],
    },
    20,
  );
  const extra = medians.with! - medians.without!;
  return [
    {
      name: `memory overshoot past ${CEILING_MB}M, 400 MB/s ramp, ${cgroup} (worst of ${RUNS})`,
      value: round(Math.max(0, kernel)),
      unit: 'MiB',
      anchor: { name: 'same ramp under the watchdog', value: round(Math.max(0, watchdog)) },
      goal: 'zero for the cgroup',
      met: kernel <= 0,
    },
    {
      name: `start-up with a ${cgroup} cgroup (memory, cpus, tasks; median of 20)`,
      value: round(medians.with!),
      unit: 'ms',
      anchor: { name: 'ttsguard run -- true without one', value: round(medians.without!) },
      ratio: round(medians.with! / medians.without!, 2),
      goal: '≤ 15 ms more than without',
      met: extra <= 15,
    },
  ];
}
