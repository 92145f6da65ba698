// Each way a run can end, with its exact reason, exit code and summary, on real processes.
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  announcedPids,
  assertGone,
  FAKE_TTS,
  processesWith,
  run,
  runSummarized,
  tempDir,
} from '../helpers.ts';

describe('run: exit codes and reasons', () => {
  it('passes the workload exit code through', async () => {
    const { code, summary } = await runSummarized([], ['sh', '-c', 'exit 3']);
    assert.equal(code, 3);
    assert.equal(summary.reason, 'exit');
    assert.equal(summary.exitCode, 3);
    assert.equal(summary.childExitCode, 3);
    assert.equal(summary.signal, null);
  });

  it('a clean fake tts run: exit 0, its figures in the summary', async () => {
    const { code, summary, stderr } = await runSummarized(
      ['--memory', '1G', '--timeout', '60s'],
      [FAKE_TTS, '--text', 'Hello there.', '--out_path', 'out.wav'],
    );
    assert.equal(code, 0, stderr);
    assert.equal(summary.reason, 'exit');
    assert.equal(typeof summary.tts.processingTimeS, 'number');
    assert.equal(typeof summary.tts.realTimeFactor, 'number');
    assert.equal(summary.tts.outputPath, 'out.wav');
    assert.ok(summary.wallMs > 0);
    assert.ok(summary.peakRssBytes > 1024 * 1024, 'a python process uses more than 1 MiB');
    assert.deepEqual(summary.enforcement.memory, {
      mechanism: summary.enforcement.memory.mechanism,
      verified: summary.enforcement.memory.verified,
    });
    assert.equal(summary.limits.memoryBytes, 2 ** 30);
    assert.equal(summary.limits.timeoutMs, 60_000);
    assert.match(
      stderr,
      new RegExp(
        'ttsguard: started pid \\d+: .*tts --text "Hello there\\." --out_path out\\.wav; ' +
          'limits: timeout 1m00s by \\w+, memory 1G by [\\w+-]+',
      ),
    );
    assert.match(
      stderr,
      new RegExp(
        'ttsguard: exited with code 0; .* wall, .* CPU, peak .* RSS, ' +
          '(cgroup peak [\\d.]+[KMG]?, )?RTF [\\d.]+; exit 0\\n$',
      ),
    );
  });

  it('126 for a file that is not executable, 127 for a missing one', async () => {
    const dir = tempDir();
    const script = join(dir, 'script.sh');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    const notExec = await runSummarized([], [script]);
    assert.equal(notExec.code, 126);
    assert.equal(notExec.summary.reason, 'spawn-error');
    assert.match(notExec.stderr, /permission denied \(not executable\)/);

    const missing = await runSummarized([], ['no-such-program-xyz']);
    assert.equal(missing.code, 127);
    assert.equal(missing.summary.reason, 'spawn-error');
    assert.match(missing.stderr, /no-such-program-xyz: command not found/);
  });

  it('127 for a missing tts comes with the install hint', async () => {
    const cwd = tempDir();
    const result = await run(['run', '--', 'tts', '--text', 'x'], {
      cwd,
      env: { ...process.env, PATH: '/usr/bin:/bin', NO_COLOR: '1' },
    });
    assert.equal(result.code, 127);
    assert.match(
      result.stderr,
      /hint: tts is not on PATH: install coqui TTS \(pip install coqui-tts\)/,
    );
  });

  it('128+N when the workload dies of a signal ttsguard did not send', async () => {
    const { code, summary } = await runSummarized(
      [],
      [FAKE_TTS, '--text', 'x', '--fake-signal', 'USR1'],
    );
    assert.equal(code, 128 + 10);
    assert.equal(summary.reason, 'signal');
    assert.equal(summary.signal, 'SIGUSR1');
    assert.match(summary.message, /ended by SIGUSR1 \(not sent by ttsguard\)/);
  });

  it('124 on timeout, with the stop signal reaching the workload', async () => {
    const { code, summary, stderr } = await runSummarized(
      ['--timeout', '1s'],
      [FAKE_TTS, '--text', 'x', '--fake-hang'],
    );
    assert.equal(code, 124);
    assert.equal(summary.reason, 'timeout');
    assert.equal(summary.signal, 'SIGTERM');
    assert.deepEqual(summary.stop, { signal: 'SIGTERM', escalated: false });
    assert.ok(summary.wallMs >= 1000 && summary.wallMs < 10_000, String(summary.wallMs));
    await assertGone(announcedPids(stderr));
  });

  it('escalates to SIGKILL after --kill-after when SIGTERM is ignored; still 124', async () => {
    const { code, summary, stderr } = await runSummarized(
      ['--timeout', '1s', '--kill-after', '1s'],
      [FAKE_TTS, '--text', 'x', '--fake-hang', '--fake-ignore-term'],
    );
    assert.equal(code, 124);
    assert.equal(summary.signal, 'SIGKILL');
    assert.deepEqual(summary.stop, { signal: 'SIGTERM', escalated: true });
    assert.match(summary.message, /stopped with SIGTERM, then SIGKILL after the 1s grace/);
    await assertGone(announcedPids(stderr));
  });

  it('--preserve-status exits with the workload status instead of 124', async () => {
    const { code, summary } = await runSummarized(
      ['--timeout', '1s', '--preserve-status', '--signal', 'INT'],
      [FAKE_TTS, '--text', 'x', '--fake-hang'],
    );
    assert.equal(summary.reason, 'timeout');
    assert.equal(summary.signal, 'SIGINT');
    assert.equal(code, 128 + 2);
  });

  it('122 when the tree crosses the memory ceiling, naming limit and value', async () => {
    const { code, summary, stderr } = await runSummarized(
      // The watchdog's own stop: the kernel's cgroup would otherwise hold this ceiling.
      [
        '--memory',
        '150M',
        '--interval',
        '100ms',
        '--timeout',
        '60s',
        '--mechanisms',
        'rlimit,watchdog',
      ],
      [
        FAKE_TTS,
        '--text',
        'x',
        '--fake-ramp-mb-per-s',
        '200',
        '--fake-ramp-to-mb',
        '1000',
        '--fake-hang',
      ],
    );
    assert.equal(code, 122, stderr);
    assert.equal(summary.reason, 'memory');
    assert.match(summary.message, /memory: the tree's RSS [\d.]+M exceeded the 150M limit/);
    assert.ok(summary.peakRssBytes > 150 * 2 ** 20);
    await assertGone(announcedPids(stderr));
  });

  it('123 when the kernel stops a process at its CPU-time rlimit', async () => {
    // The watchdog would race the kernel for the same second: leave the kernel alone here.
    const { code, summary } = await runSummarized(
      ['--cpu-time', '1s', '--mechanisms', 'rlimit'],
      [FAKE_TTS, '--text', 'x', '--fake-cpu-seconds', '30'],
    );
    assert.equal(code, 123);
    assert.equal(summary.reason, 'cpu-time');
    assert.equal(summary.signal, 'SIGXCPU');
    assert.deepEqual(summary.enforcement.cpuTime, { mechanism: 'rlimit', verified: true });
  });

  it('123 when the tree total crosses --cpu-time though no single process does', async () => {
    const marker = `cpu-tree-${process.pid}-${Date.now()}`;
    const { code, summary, stderr } = await runSummarized(
      ['--cpu-time', '2s', '--interval', '100ms', '--timeout', '60s'],
      // Three busy loops: together they pass 2s of CPU long before any one of them does.
      ['sh', '-c', `for i in 1 2 3; do (while :; do :; done) & done; wait # ${marker}`],
    );
    assert.equal(code, 123, stderr);
    assert.equal(summary.reason, 'cpu-time');
    assert.match(summary.message, /cpu-time: the tree used [\d.]+s of CPU, over the 2s limit/);
    assert.equal(summary.leftovers, 0, stderr);
    assert.ok(summary.peakProcesses >= 4, String(summary.peakProcesses));
    await assertGone(processesWith(marker));
  });

  it('--expect-wav: 0 for a real WAV, 120 for a missing or broken one', async () => {
    const good = await runSummarized(
      ['--expect-wav', 'out.wav'],
      [FAKE_TTS, '--text', 'A sentence.', '--out_path', 'out.wav'],
    );
    assert.equal(good.code, 0, good.stderr);
    const missing = await runSummarized(['--expect-wav', 'nothing.wav'], ['true']);
    assert.equal(missing.code, 120);
    assert.equal(missing.summary.reason, 'expect-wav');
    assert.match(missing.summary.message, /--expect-wav: nothing\.wav does not exist/);
    const broken = await runSummarized(
      ['--expect-wav', 'bad.wav'],
      ['sh', '-c', 'head -c 100 /dev/zero > bad.wav'],
    );
    assert.equal(broken.code, 120);
    assert.match(broken.summary.message, /bad\.wav is not a RIFF\/WAVE file/);
  });

  it('rlimits are applied and read back: open files, file size, no core dumps', async () => {
    const { code, summary, stdout } = await runSummarized(
      ['--open-files', '64', '--file-size', '1M'],
      ['cat', '/proc/self/limits'],
    );
    assert.equal(code, 0);
    const limits = stdout.toString();
    assert.match(limits, /^Max open files\s+64\s+64\s/m);
    assert.match(limits, /^Max file size\s+1048576\s+1048576\s/m);
    assert.match(limits, /^Max core file size\s+0\s+0\s/m);
    for (const limit of ['openFiles', 'fileSize', 'coreDumps']) {
      assert.equal(summary.enforcement[limit].mechanism, 'rlimit');
    }
  });
});
