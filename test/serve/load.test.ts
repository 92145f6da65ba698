// A short bounded load: 200 requests from 20 concurrent clients, with runaway requests at
// random places and a kill -9 of the server halfway. Every request gets an answer within
// its bounds (queue timeout + request timeout + margin); none hangs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGone } from '../helpers.ts';
import { type Answer, ask, metricValue, scrape, serverPids, startServe } from './harness.ts';

const REQUESTS = 200;
const CLIENTS = 20;
const QUEUE_TIMEOUT_S = 30;
const BOUND_MS = (QUEUE_TIMEOUT_S + 1 + 10) * 1000;

/** A small seeded generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/** SIGKILL to the newest server; it may already be gone if a restart is under way. */
function killLatest(stderr: string): void {
  try {
    process.kill(serverPids(stderr).at(-1)!, 'SIGKILL');
  } catch {}
}

test('200 requests, 20 clients, runaways and a crash: every request is answered', async (t) => {
  const served = await startServe(
    ['--listen', '0', '--metrics', '0', '--request-timeout', '1s', '--queue', '50'],
    ['--fake-hang-on', 'HANG', '--fake-ms-per-char', '0.5'],
  );
  t.after(() => served.stop());
  const next = random(20_240_601);
  const runaways = new Set<number>();
  while (runaways.size < 4) runaways.add(Math.floor(next() * REQUESTS));
  const answers: Array<{ index: number; status: number | string; ms: number }> = [];
  let cursor = 0;
  let killed = false;

  const timeLimited = (promise: Promise<Answer>) =>
    Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        setTimeout(() => reject(new Error('no answer within the bound')), BOUND_MS).unref();
      }),
    ]);
  const client = async () => {
    while (cursor < REQUESTS) {
      const index = cursor++;
      const text = runaways.has(index) ? `HANG ${index}` : `request number ${index}`;
      const started = performance.now();
      const status = await timeLimited(
        ask(`${served.guard}/api/tts?text=${encodeURIComponent(text)}`),
      ).then(
        (answer) => answer.status,
        (error: Error) => error.message,
      );
      answers.push({ index, status, ms: performance.now() - started });
      if (answers.length === REQUESTS / 2 && !killed) {
        killed = true;
        killLatest(served.run.stderr());
      }
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));

  assert.equal(answers.length, REQUESTS);
  for (const answer of answers)
    assert.ok(answer.ms < BOUND_MS, `request ${answer.index} took too long`);
  const normal = answers.filter((a) => !runaways.has(a.index));
  const failedNormal = normal.filter((a) => a.status !== 200);
  // Only a request at the server at the very moment of the kill may fail (502).
  assert.ok(
    failedNormal.every((a) => a.status === 502) && failedNormal.length <= 1,
    JSON.stringify(failedNormal),
  );
  const runaway = answers.filter((a) => runaways.has(a.index)).map((a) => a.status);
  assert.ok(
    runaway.every((status) => status === 504 || status === 502),
    JSON.stringify(runaway),
  );
  assert.ok(runaway.filter((status) => status === 504).length >= runaways.size - 1);
  const stderr = served.run.stderr();
  assert.match(stderr, /restarting the server in \S+ \(signal\)/);
  const metrics = await scrape(served.metrics);
  const restarts = metricValue(metrics, 'ttsguard_restarts_total', { reason: 'runaway' });
  assert.equal(restarts, runaway.filter((status) => status === 504).length);
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});
