// The tree's CPU time counts each process once: children the main process waits for are in
// its own child ticks, and must not be added again when they end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSummarized } from '../helpers.ts';

/** Burns `seconds` of this process's own CPU time, then exits. */
const burn = (seconds: number) =>
  'python3 -c "import time; t = time.process_time(); ' +
  `exec('while time.process_time() - t < ${seconds}: pass')"`;

describe('CPU accounting', () => {
  it('three children run one after another: the total is their sum, once', async () => {
    const script = `${burn(0.8)}; ${burn(0.8)}; ${burn(0.8)}`;
    const { code, summary } = await runSummarized(['--interval', '100ms'], ['sh', '-c', script]);
    assert.equal(code, 0);
    // 2.4 s burnt, plus three interpreter start-ups; twice that would be double counting.
    assert.ok(summary.cpuMs >= 2300 && summary.cpuMs <= 3400, `cpuMs ${summary.cpuMs}`);
  });

  it('a --cpu-time limit above the real total is not crossed', async () => {
    const script = `${burn(0.8)}; ${burn(0.8)}; ${burn(0.8)}`;
    const { code, summary } = await runSummarized(
      ['--cpu-time', '4s', '--mechanisms', 'watchdog', '--interval', '100ms'],
      ['sh', '-c', script],
    );
    assert.equal(code, 0, summary.message);
    assert.equal(summary.reason, 'exit');
  });
});
