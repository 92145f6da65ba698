// --restart-memory: once the server's tree passes the soft ceiling, serve stops admitting,
// lets in-flight requests finish, restarts it and resumes; no request is lost or failed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGone } from '../helpers.ts';
import { ask, metricValue, scrape, serverPids, startServe } from './harness.ts';

test('a leaking server is restarted gracefully and every request succeeds', async (t) => {
  const served = await startServe(
    ['--listen', '0', '--metrics', '0', '--restart-memory', '90M', '--memory', '1G'],
    ['--fake-leak-mb', '20', '--fake-ms-per-char', '10'],
  );
  t.after(() => served.stop());
  const client = async (name: string) => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await ask(`${served.guard}/api/tts?text=${name}%20request%20${i}`);
      statuses.push(answer.status);
    }
    return statuses;
  };
  const results = await Promise.all(['alpha', 'beta', 'gamma'].map(client));
  assert.deepEqual(results.flat(), Array(15).fill(200));
  const stderr = served.run.stderr();
  assert.match(
    stderr,
    /restarting the server \(restart-memory\): restart-memory: the tree's RSS \S+ passed 90M/,
  );
  assert.ok(serverPids(stderr).length >= 2, 'the server was restarted');
  const metrics = await scrape(served.metrics);
  const restarts = metricValue(metrics, 'ttsguard_restarts_total', { reason: 'restart-memory' });
  assert.ok(restarts !== undefined && restarts >= 1);
  assert.equal(
    metricValue(metrics, 'ttsguard_limit_bytes', { limit: 'restart_memory' }),
    90 * 2 ** 20,
  );
  const failed = metrics.samples.filter(
    (s) => s.name === 'ttsguard_requests_total' && s.labels.status !== '200',
  );
  assert.deepEqual(failed, []);
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});
