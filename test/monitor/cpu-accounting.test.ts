// The tree's CPU time counts each process once: children the main process waits for are in
// its own child ticks, and must not be added again when they end.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSummarized } from '../helpers.ts';

/**
 * Burns `seconds` of this process's own CPU time, then prints its whole CPU time in ms
 * (process_time counts from the start, so the interpreter's start-up is in it too).
 */
const burn = (seconds: number) =>
  'python3 -c "import time; t = time.process_time(); ' +
  `exec('while time.process_time() - t < ${seconds}: pass'); ` +
  `print(round(time.process_time() * 1000))"`;

/** The sum of the CPU milliseconds the children printed. */
const printed = (stdout: Buffer) =>
  stdout
    .toString()
    .trim()
    .split('\n')
    .reduce((sum, line) => sum + Number(line), 0);

describe('CPU accounting', () => {
  it('three children run one after another: the total is their sum, once', async () => {
    const script = `${burn(0.8)}; ${burn(0.8)}; ${burn(0.8)}`;
    const result = await runSummarized(['--interval', '100ms'], ['sh', '-c', script]);
    assert.equal(result.code, 0);
    const used = printed(result.stdout);
    assert.ok(used >= 2400, `the children used ${used} ms`);
    // The children's own count, plus the shell's few ms; double counting would be twice it.
    const { cpuMs } = result.summary;
    assert.ok(cpuMs >= used * 0.9 && cpuMs <= used * 1.2 + 100, `cpuMs ${cpuMs}, used ${used}`);
  });

  it('a --cpu-time limit above the real total is not crossed', async () => {
    const script = `${burn(0.8)}; ${burn(0.8)}; ${burn(0.8)}`;
    const { code, summary } = await runSummarized(
      ['--cpu-time', '6s', '--mechanisms', 'watchdog', '--interval', '100ms'],
      ['sh', '-c', script],
    );
    assert.equal(code, 0, summary.message);
    assert.equal(summary.reason, 'exit');
  });
});
