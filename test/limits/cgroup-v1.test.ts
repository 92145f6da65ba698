// The kernel holds the limits through a cgroup v1 workload cgroup: memory for the whole tree,
// a share of the cores, the number of tasks; and the cgroup is gone after every kind of end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cgroupV1Mechanism } from '../../src/limits/cgroup-v1.ts';
import {
  announcedPids,
  assertGone,
  FAKE_TTS,
  isRunning,
  runSummarized,
  start,
} from '../helpers.ts';
import { assertNoCgroupLeft, cgroupsLeft } from './cgroup-helpers.ts';

const v1 = cgroupV1Mechanism.probe();
const skip = v1.available ? false : `cgroup v1 is not usable here: ${v1.reason}`;
const MIB = 1024 * 1024;
/** A fake tts whose two workers setsid out of its process group, then hangs. */
const SETSID_WORKERS = [
  FAKE_TTS,
  '--text',
  'x',
  '--fake-workers',
  '2',
  '--fake-setsid-workers',
  '--fake-hang',
];

describe('cgroup v1', { skip }, () => {
  it('holds a tree of workers at its memory ceiling: reason memory, peak within', async () => {
    const workers = ['--fake-workers', '4', '--fake-worker-mb', '40', '--fake-hang'];
    const result = await runSummarized(['--memory', '100M'], [FAKE_TTS, '--text', 'x', ...workers]);
    assert.equal(result.code, 122, result.stderr);
    assert.match(result.stderr, /the kernel's OOM killer ended a process at the 100M ceiling/);
    const outcome = result.summary;
    assert.equal(outcome.reason, 'memory');
    assert.deepEqual(outcome.enforcement.memory, { mechanism: 'cgroup-v1', verified: true });
    assert.ok(outcome.peakMemoryBytes > 50 * MIB, `peak ${outcome.peakMemoryBytes}`);
    assert.ok(outcome.peakMemoryBytes <= 100 * MIB, `peak ${outcome.peakMemoryBytes}`);
    await assertGone(announcedPids(result.stderr));
    await assertNoCgroupLeft(result.pid);
  });

  it('stops a worker that setsid()s away, and removes the cgroup', async () => {
    const running = start(['run', '--memory', '500M', '--timeout', '2s', '--', ...SETSID_WORKERS]);
    await running.waitFor(/fake-tts: hanging pid=\d+/);
    const pids = announcedPids(running.stderr());
    assert.equal(pids.length, 3, running.stderr());
    assert.equal(cgroupsLeft(running.child.pid!).length, 1);
    const result = await running.done;
    assert.equal(result.code, 124, result.stderr);
    await assertGone(pids);
    await assertNoCgroupLeft(running.child.pid!);
  });

  it('--cpus 0.5 gives the tree about half a core', async () => {
    const spin = ['--fake-spin-threads', '2', '--fake-spin-seconds', '3'];
    const result = await runSummarized(['--cpus', '0.5'], [FAKE_TTS, '--text', 'x', ...spin]);
    assert.equal(result.code, 0, result.stderr);
    const outcome = result.summary;
    assert.deepEqual(outcome.enforcement.cpus, { mechanism: 'cgroup-v1', verified: true });
    const share = outcome.cpuMs / outcome.wallMs;
    assert.ok(share > 0.3 && share < 0.7, `CPU share ${share.toFixed(2)} of a core`);
    await assertNoCgroupLeft(result.pid);
  });

  it('--tasks stops thread creation', async () => {
    const threads = ['--fake-threads', '60'];
    const result = await runSummarized(['--tasks', '20'], [FAKE_TTS, '--text', 'x', ...threads]);
    assert.match(
      result.stderr,
      /fake-tts: started (\d+) of 60 threads, then thread creation failed/,
    );
    const started = Number(/started (\d+) of 60/.exec(result.stderr)![1]);
    assert.ok(started < 20, `started ${started}`);
    assert.equal(result.code, 1, result.stderr);
    assert.deepEqual(result.summary.enforcement.tasks, { mechanism: 'cgroup-v1', verified: true });
    await assertNoCgroupLeft(result.pid);
  });

  it('leaves no cgroup after a normal run', async () => {
    const running = start([
      'run',
      '--memory',
      '200M',
      '--cpus',
      '1',
      '--tasks',
      '50',
      '--',
      FAKE_TTS,
      '--text',
      'hello',
    ]);
    const result = await running.done;
    assert.equal(result.code, 0, result.stderr);
    await assertNoCgroupLeft(running.child.pid!, 0);
  });

  it('leaves no cgroup after kill -9 of the workload', async () => {
    const running = start([
      'run',
      '--memory',
      '200M',
      '--',
      FAKE_TTS,
      '--text',
      'x',
      '--fake-workers',
      '2',
      '--fake-hang',
    ]);
    const [, root] = await running.waitFor(/fake-tts: hanging pid=(\d+)/);
    const pids = announcedPids(running.stderr());
    process.kill(Number(root), 'SIGKILL');
    const result = await running.done;
    assert.equal(result.code, 137, result.stderr);
    await assertGone(pids);
    await assertNoCgroupLeft(running.child.pid!);
  });

  it('leaves nothing after kill -9 of ttsguard: the sentinel removes the cgroup', async () => {
    const running = start(['run', '--memory', '300M', '--tasks', '100', '--', ...SETSID_WORKERS]);
    await running.waitFor(/fake-tts: hanging pid=\d+/);
    const pids = announcedPids(running.stderr());
    assert.ok(pids.every(isRunning));
    assert.equal(cgroupsLeft(running.child.pid!).length, 2);
    running.child.kill('SIGKILL');
    await running.done;
    await assertGone(pids);
    await assertNoCgroupLeft(running.child.pid!);
  });
});
