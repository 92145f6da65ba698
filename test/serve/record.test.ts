// `serve --record`: one record for the whole service — a header, samples and events of each
// server lifetime, a line per request the guard answered or refused, the restarts, the end.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertGone, run, tempDir } from '../helpers.ts';
import { ask, serverPids, startServe } from './harness.ts';

test('a serve record holds lifetimes, requests, restarts and the end', async (t) => {
  const cwd = tempDir();
  const path = join(cwd, 'serve.jsonl');
  const served = await startServe(
    ['--listen', '0', '--request-timeout', '1s', '--max-text', '20', '--record', path],
    ['--fake-hang-on', 'HANG'],
    { cwd },
  );
  t.after(() => served.stop());
  assert.equal((await ask(`${served.guard}/api/tts?text=hello`)).status, 200);
  assert.equal((await ask(`${served.guard}/api/tts?text=${'x'.repeat(30)}`)).status, 413);
  assert.equal((await ask(`${served.guard}/api/tts?text=HANG`)).status, 504);
  await served.run.waitFor(/ready: [\s\S]*ready: /);
  const end = await served.stop();
  assert.equal(end.code, 0, end.stderr);
  await assertGone(serverPids(end.stderr));
  assert.doesNotMatch(end.stderr, /--record is a setting of run/);

  const lines = readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines[0].kind, 'header');
  assert.ok(lines.some((line) => line.kind === 'sample'));
  const events = lines.filter((line) => line.kind === 'event');
  const named = (name: string) => events.filter((line) => line.event === name);
  assert.deepEqual(
    named('request').map((line) => [line.endpoint, line.status]),
    [
      ['/api/tts', 200],
      ['/api/tts', 413],
      ['/api/tts', 504],
    ],
  );
  assert.equal(named('rejected')[0].reason, 'text');
  assert.equal(named('restart').length, 1);
  assert.equal(named('restart')[0].reason, 'runaway');
  assert.equal(named('start').length, 1, 'the second lifetime starts as an event');
  const lifetimes = named('lifetime');
  assert.equal(lifetimes.length, 2);
  assert.equal(lifetimes[0].request.reason, 'runaway');
  assert.equal(lifetimes[1].outcome.reason, 'stopped');
  const last = lines.at(-1);
  assert.equal(last.event, 'serve-end');
  assert.equal(last.exitCode, 0);

  const report = await run(['report', '--json', path], { cwd });
  assert.equal(report.code, 0, report.stderr);
  const figures = JSON.parse(report.stdout.toString());
  assert.equal(JSON.stringify(figures).includes('"reason":"served"'), true);
});
