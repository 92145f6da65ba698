// SIGTERM stops serve gracefully: the request in flight is answered, then the server's tree
// is stopped, and serve exits 0 once nothing of it is left.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGone } from '../helpers.ts';
import { ask, metricValue, serverPids, startServe, waitForMetrics } from './harness.ts';

test('SIGTERM lets the request in flight finish, then exits 0 with nothing left', async (t) => {
  const served = await startServe(
    ['--listen', '0', '--metrics', '0'],
    ['--fake-ms-per-char', '20'],
  );
  t.after(() => served.stop());
  const inFlight = ask(`${served.guard}/api/tts?text=${'y'.repeat(75)}`);
  await waitForMetrics(served.metrics, (m) => metricValue(m, 'ttsguard_in_flight') === 1);
  const end = await served.stop();
  assert.equal((await inFlight).status, 200);
  assert.equal(end.code, 0);
  assert.match(end.stderr, /SIGTERM: stopping gracefully/);
  assert.match(end.stderr, /draining 1 request\(s\) in flight/);
  assert.match(end.stderr, /stopped on SIGTERM; the server and its tree are gone; exit 0\n$/);
  await assertGone(serverPids(end.stderr));
  await assert.rejects(ask(`${served.guard}/details`), { code: 'ECONNREFUSED' });
});

test('a server ignoring SIGTERM is killed after --kill-after; serve exits 0', async (t) => {
  const served = await startServe(['--kill-after', '1s'], ['--fake-ignore-term']);
  t.after(() => served.stop());
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});
