// The workload is removed whole: grandchildren, members that setsid away, and everything
// after a kill -9 of ttsguard itself; signals sent to ttsguard are forwarded.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  announcedPids,
  assertGone,
  FAKE_TTS,
  isRunning,
  processesWith,
  run,
  start,
  tempDir,
} from '../helpers.ts';

const WORKERS = ['--fake-workers', '3', '--fake-worker-mb', '5'];
/** A fake tts whose workers setsid out of its process group, then hangs. */
const SETSID_HANG = [FAKE_TTS, '--text', 'x', ...WORKERS, '--fake-setsid-workers', '--fake-hang'];

describe('run: the whole tree', () => {
  it('a timeout stops the grandchildren too', async () => {
    const running = start([
      'run',
      '--timeout',
      '3s',
      '--',
      FAKE_TTS,
      '--text',
      'x',
      ...WORKERS,
      '--fake-hang',
    ]);
    await running.waitFor(/fake-tts: hanging pid=\d+/);
    const pids = announcedPids(running.stderr());
    assert.equal(pids.length, 4, running.stderr());
    assert.ok(pids.every(isRunning));
    const result = await running.done;
    assert.equal(result.code, 124);
    await assertGone(pids);
  });

  it('workers that setsid out of the process group are still stopped', async () => {
    const cwd = tempDir();
    const summary = join(cwd, 's.json');
    const running = start(
      ['run', '--timeout', '3s', '--json-summary', summary, '--', ...SETSID_HANG],
      { cwd },
    );
    await running.waitFor(/fake-tts: workers ready/);
    const workers = [...running.stderr().matchAll(/worker pid=(\d+)/g)].map((m) => Number(m[1]));
    assert.equal(workers.length, 3);
    const result = await running.done;
    assert.equal(result.code, 124, result.stderr);
    await assertGone(announcedPids(result.stderr));
    assert.ok(JSON.parse(readFileSync(summary, 'utf8')).peakProcesses >= 4);
  });

  it('processes left behind by a main process are stopped before ttsguard exits', async () => {
    const sleep = `sleep 59.${process.pid}`;
    const result = await run([
      'run',
      '--kill-after',
      '1s',
      '--',
      'sh',
      '-c',
      `${sleep} & echo started`,
    ]);
    assert.equal(result.code, 0);
    assert.match(result.stderr, /1 processes outlived the workload's main process; stopping them/);
    assert.equal(result.stdout.toString(), 'started\n');
    assert.deepEqual(processesWith(sleep.replace(' ', '\0')), []);
  });

  it('a process that escapes before the first sample is named and not waited for', async () => {
    const sleep = `sleep 58.${process.pid}`;
    const started = Date.now();
    const result = await run(['run', '--', 'sh', '-c', `setsid ${sleep} & exit 0`]);
    assert.equal(result.code, 0);
    assert.ok(Date.now() - started < 8000, 'ttsguard did not wait for the escaped process');
    assert.match(result.stderr, /warning: a process outside the tree still holds the output open/);
    // Without a cgroup nothing could have caught it: remove it here, as the test started it.
    const escaped = processesWith(sleep.replace(' ', '\0'));
    for (const pid of escaped) process.kill(pid, 'SIGKILL');
    await assertGone(escaped);
  });

  it('kill -9 of ttsguard takes the whole workload with it', async () => {
    const running = start(['run', '--', ...SETSID_HANG]);
    await running.waitFor(/fake-tts: workers ready/);
    // Let one sample pass so the sentinel has heard of the members outside the group.
    await running.waitFor(/fake-tts: hanging pid=\d+/);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const pids = announcedPids(running.stderr());
    assert.ok(pids.length >= 4);
    running.child.kill('SIGKILL');
    const result = await running.done;
    assert.equal(result.signal, 'SIGKILL');
    await assertGone(pids);
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'] as const) {
    it(`forwards ${signal} to the workload and exits with its status`, async () => {
      const running = start(['run', '--', FAKE_TTS, '--text', 'x', ...WORKERS, '--fake-hang']);
      await running.waitFor(/fake-tts: workers ready/);
      await running.waitFor(/fake-tts: hanging pid=\d+/);
      const pids = announcedPids(running.stderr());
      running.child.kill(signal);
      const result = await running.done;
      const number = { SIGTERM: 15, SIGINT: 2, SIGHUP: 1, SIGQUIT: 3 }[signal];
      assert.equal(result.code, 128 + number, result.stderr);
      assert.match(
        result.stderr,
        new RegExp(`ended by ${signal} \\(after ttsguard forwarded ${signal}\\)`),
      );
      await assertGone(pids);
    });
  }

  it('a forwarded signal the workload ignores is followed by SIGKILL after the grace', async () => {
    const running = start([
      'run',
      '--kill-after',
      '1s',
      '--',
      FAKE_TTS,
      '--text',
      'x',
      '--fake-hang',
      '--fake-ignore-term',
    ]);
    await running.waitFor(/fake-tts: hanging pid=\d+/);
    const pids = announcedPids(running.stderr());
    running.child.kill('SIGTERM');
    const result = await running.done;
    assert.equal(result.code, 128 + 9);
    await assertGone(pids);
  });
});
