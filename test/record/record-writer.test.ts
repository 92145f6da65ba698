// Records written by real runs: complete and parseable however the run ends, and every line
// whole even after ttsguard itself is killed with SIGKILL.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { announcedPids, assertGone, FAKE_TTS, isRunning, run, start, tempDir } from '../helpers.ts';

type Line = Record<string, unknown> & { kind: string };

/** The one record in `dir`, every line parsed (throws on a broken line). */
function readRecord(dir: string): { path: string; lines: Line[]; text: string } {
  const names = readdirSync(dir).filter((name) => name.endsWith('.jsonl'));
  assert.equal(names.length, 1, `one record in ${dir}: ${names.join(', ')}`);
  const path = join(dir, names[0]!);
  const text = readFileSync(path, 'utf8');
  assert.ok(text.endsWith('\n'), 'the record ends with a whole line');
  const lines = text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
  return { path, lines, text };
}

function outcomeOf(lines: Line[]): Record<string, unknown> {
  const last = lines.at(-1)!;
  assert.equal(last.kind, 'outcome', 'the outcome is the last line');
  return last.outcome as Record<string, unknown>;
}

function checkShape(lines: Line[]): void {
  assert.equal(lines[0]!.kind, 'header');
  assert.equal(lines[0]!.format, 'ttsguard-record/1');
  const host = lines[0]!.host as { cores: number; memoryBytes: number };
  assert.ok(host.cores >= 1 && host.memoryBytes > 0);
  assert.ok(lines.filter((line) => line.kind === 'sample').length >= 1, 'has samples');
  assert.equal(lines.filter((line) => line.kind === 'header').length, 1);
}

const tts = (...knobs: string[]) => [FAKE_TTS, '--text', 'hi', '--out_path', 'out.wav', ...knobs];

describe('record', () => {
  test('a normal exit: header, samples, outcome equal to the JSON summary', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.json');
    const done = await run([
      'run',
      '--record',
      dir,
      '--json-summary',
      summary,
      '--',
      ...tts('--fake-hold-mb', '20', '--fake-seconds', '0.5'),
    ]);
    assert.equal(done.code, 0, done.stderr);
    const { lines } = readRecord(dir);
    checkShape(lines);
    assert.deepEqual(lines[0]!.command, tts('--fake-hold-mb', '20', '--fake-seconds', '0.5'));
    const outcome = outcomeOf(lines);
    assert.deepEqual(outcome, JSON.parse(readFileSync(summary, 'utf8')));
    assert.equal(outcome.reason, 'exit');
  });

  test('a timeout', async () => {
    const dir = tempDir();
    const done = await run([
      'run',
      '--record',
      dir,
      '--timeout',
      '1s',
      '--',
      ...tts('--fake-hang'),
    ]);
    assert.equal(done.code, 124, done.stderr);
    const { lines } = readRecord(dir);
    checkShape(lines);
    assert.equal(outcomeOf(lines).reason, 'timeout');
    const stopping = lines.find((line) => line.event === 'stopping');
    assert.equal(stopping?.reason, 'timeout');
    await assertGone(announcedPids(done.stderr));
  });

  test('a memory stop, with the near-limit event before it', async () => {
    const dir = tempDir();
    // Slow enough that samples 100 ms apart see the 80% mark (120M) before the ceiling.
    const ramp = ['--fake-ramp-mb-per-s', '50', '--fake-ramp-to-mb', '600', '--fake-hang'];
    const limits = ['--memory', '150M', '--interval', '100ms'];
    const done = await run(['run', '--record', dir, ...limits, '--', ...tts(...ramp)]);
    assert.equal(done.code, 122, done.stderr);
    const { lines } = readRecord(dir);
    checkShape(lines);
    assert.equal(outcomeOf(lines).reason, 'memory');
    const near = lines.find((line) => line.event === 'near');
    assert.equal(near?.limit, 'memory');
    await assertGone(announcedPids(done.stderr));
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} to ttsguard`, async () => {
      const dir = tempDir();
      const running = start(['run', '--record', dir, '--', ...tts('--fake-hang')]);
      const [, pid] = (await running.waitFor(/hanging pid=(\d+)/)) as unknown as [string, string];
      running.child.kill(signal);
      const done = await running.done;
      const { lines } = readRecord(dir);
      checkShape(lines);
      const outcome = outcomeOf(lines);
      assert.equal(outcome.signal, signal);
      assert.equal(done.code, outcome.exitCode);
      await assertGone([Number(pid)]);
    });
  }

  test('SIGKILL of the workload', async () => {
    const dir = tempDir();
    const running = start(['run', '--record', dir, '--', ...tts('--fake-hang')]);
    const match = await running.waitFor(/hanging pid=(\d+)/);
    process.kill(Number(match[1]), 'SIGKILL');
    const done = await running.done;
    assert.equal(done.code, 137, done.stderr);
    const { lines } = readRecord(dir);
    checkShape(lines);
    const outcome = outcomeOf(lines);
    assert.equal(outcome.reason, 'signal');
    assert.equal(outcome.signal, 'SIGKILL');
  });

  test('SIGKILL of ttsguard: every line written is whole', async () => {
    const dir = tempDir();
    const running = start([
      'run',
      '--record',
      dir,
      '--interval',
      '50ms',
      '--',
      ...tts('--fake-hold-mb', '10', '--fake-hang'),
    ]);
    const match = await running.waitFor(/hanging pid=(\d+)/);
    const workload = Number(match[1]);
    // Wait until the record holds a few samples: the file is the readiness signal here.
    const deadline = Date.now() + 20_000;
    const samples = () => (readRecord(dir).text.match(/"kind":"sample"/g) ?? []).length;
    while (samples() < 5 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    running.child.kill('SIGKILL');
    await running.done;
    if (isRunning(workload)) process.kill(workload, 'SIGKILL');
    await assertGone([workload]);
    const { lines } = readRecord(dir);
    checkShape(lines);
    assert.ok(lines.filter((line) => line.kind === 'sample').length >= 5);
    assert.ok(!lines.some((line) => line.kind === 'outcome'));
  });

  test('a folder gets a new file per run; a file is appended to, run after run', async () => {
    const dir = tempDir();
    const file = join(dir, 'runs.jsonl');
    for (const target of [dir, dir, file, file]) {
      const done = await run(['run', '--record', target, '--', ...tts()]);
      assert.equal(done.code, 0, done.stderr);
    }
    const names = readdirSync(dir).filter((name) => name.startsWith('ttsguard-'));
    assert.equal(names.length, 2);
    const headers = readFileSync(file, 'utf8').match(/"kind":"header"/g) ?? [];
    assert.equal(headers.length, 2);
  });

  test('a run refused before it starts leaves no record; a failed start keeps one', async () => {
    const dir = tempDir();
    const refused = await run(['run', '--record', dir, '--user', 'no-such-user-x', '--', 'true']);
    assert.equal(refused.code, 125, refused.stderr);
    assert.deepEqual(readdirSync(dir), []);
    const missing = await run(['run', '--record', dir, '--', 'no-such-command-y']);
    assert.equal(missing.code, 127);
    const { lines } = readRecord(dir);
    assert.equal(outcomeOf(lines).reason, 'spawn-error');
  });

  test('a record in a missing folder is refused before the run', async () => {
    const done = await run(['run', '--record', '/nonexistent/x.jsonl', '--', ...tts()]);
    assert.equal(done.code, 125);
    assert.match(
      done.stderr,
      /^ttsguard: --record: "\/nonexistent\/x.jsonl": folder \/nonexistent does not exist\n$/,
    );
  });
});
