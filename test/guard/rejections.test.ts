// Each rejection of the guard, with its exact status, headers and body: 413 for long text,
// 503 + Retry-After for a full queue or a long wait, 429 past the rate, and a client that
// leaves while queued is dropped before it reaches the server.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertGone, sleep } from '../helpers.ts';
import {
  ask,
  metricValue,
  type Served,
  serverPids,
  startServe,
  waitForMetrics,
} from '../serve/harness.ts';

let queued: Served;
let limited: Served;
// 20 ms per character: a 150-character text keeps the server busy for 3 s.
const SLOW = ['--fake-ms-per-char', '20'];
const LONG_TEXT = 'x'.repeat(150);

before(async () => {
  [queued, limited] = await Promise.all([
    startServe(['--listen', '0', '--metrics', '0', '--max-text', '200', '--queue', '1'], SLOW),
    startServe(
      ['--listen', '0', '--metrics', '0', '--rate', '2/s', '--queue-timeout', '300ms'],
      SLOW,
    ),
  ]);
});

after(async () => {
  for (const served of [queued, limited]) {
    const end = await served.stop();
    assert.equal(end.code, 0);
    await assertGone(serverPids(end.stderr));
  }
});

const tts = (served: Served, text: string) =>
  `${served.guard}/api/tts?text=${encodeURIComponent(text)}`;

test('text over --max-text gets 413 with a JSON error, wherever it is carried', async () => {
  const long = 'é'.repeat(201);
  const expected = '{"error":"text is 201 characters, over the limit of 200"}\n';
  const answers = await Promise.all([
    ask(tts(queued, long)),
    ask(`${queued.guard}/api/tts`, { headers: { text: 'a'.repeat(201) } }),
    ask(`${queued.guard}/process?INPUT_TEXT=${'b'.repeat(201)}`),
    ask(`${queued.guard}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ input: 'c'.repeat(201), response_format: 'wav' }),
    }),
  ]);
  for (const answer of answers) {
    assert.equal(answer.status, 413);
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.equal(answer.body.toString(), expected);
  }
  const ok = await ask(tts(queued, 'é'.repeat(20)));
  assert.equal(ok.status, 200);
});

test('a full queue gets 503 with Retry-After; the admitted requests are served', async () => {
  const first = ask(tts(queued, LONG_TEXT));
  await waitForMetrics(queued.metrics, (m) => metricValue(m, 'ttsguard_in_flight') === 1);
  const second = ask(tts(queued, 'second'));
  await waitForMetrics(queued.metrics, (m) => metricValue(m, 'ttsguard_queue_depth') === 1);
  const third = await ask(tts(queued, 'third'));
  assert.equal(third.status, 503);
  assert.equal(third.headers['retry-after'], '1');
  assert.equal(third.body.toString(), '{"error":"queue full: 1 requests waiting"}\n');
  assert.equal((await first).status, 200);
  assert.equal((await second).status, 200);
});

test('a client that leaves while queued never reaches the server', async () => {
  const first = ask(tts(queued, LONG_TEXT));
  await waitForMetrics(queued.metrics, (m) => metricValue(m, 'ttsguard_in_flight') === 1);
  const leaving = new AbortController();
  const gone = ask(tts(queued, 'leaver'), { signal: leaving.signal }).catch((e: Error) => e);
  await waitForMetrics(queued.metrics, (m) => metricValue(m, 'ttsguard_queue_depth') === 1);
  leaving.abort();
  assert.equal(((await gone) as Error).message, 'aborted');
  const after = await waitForMetrics(
    queued.metrics,
    (m) => metricValue(m, 'ttsguard_queue_depth') === 0,
  );
  assert.equal(metricValue(after, 'ttsguard_rejections_total', { reason: 'gone' }), 1);
  assert.equal((await first).status, 200);
  assert.equal((await ask(tts(queued, 'later'))).status, 200);
  assert.doesNotMatch(queued.run.stderr(), /text=leaver/);
  assert.match(queued.run.stderr(), /text=later/);
});

test('a wait past --queue-timeout gets 503 with Retry-After', async () => {
  const first = ask(tts(limited, LONG_TEXT));
  await waitForMetrics(limited.metrics, (m) => metricValue(m, 'ttsguard_in_flight') === 1);
  const waited = await ask(tts(limited, 'patient'));
  assert.equal(waited.status, 503);
  assert.equal(waited.headers['retry-after'], '1');
  assert.equal(waited.body.toString(), '{"error":"waited 300ms in the queue"}\n');
  assert.equal((await first).status, 200);
});

test('past --rate per client the guard answers 429 with Retry-After', async () => {
  // The bucket holds one second of tokens (2); let it fill up again after the test above.
  await sleep(1100);
  const answers = await Promise.all([1, 2, 3].map(() => ask(`${limited.guard}/details`)));
  const statuses = answers.map((a) => a.status).sort();
  assert.deepEqual(statuses, [200, 200, 429]);
  const refused = answers.find((a) => a.status === 429)!;
  assert.equal(refused.headers['retry-after'], '1');
  assert.equal(refused.body.toString(), '{"error":"rate limit: over 2/s from 127.0.0.1"}\n');
});
