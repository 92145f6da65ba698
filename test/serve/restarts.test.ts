// Restarts that keep the service answering: after a runaway request (504, then the next
// request is served by a new server), after kill -9 of the server, and after a crash.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGone } from '../helpers.ts';
import { ask, metricValue, scrape, serverPids, startServe } from './harness.ts';

test('a runaway request gets 504, the server is restarted, the queued one is served', async (t) => {
  const served = await startServe(
    ['--listen', '0', '--metrics', '0', '--request-timeout', '1s'],
    ['--fake-hang-on', 'HANG'],
  );
  t.after(() => served.stop());
  const hung = ask(`${served.guard}/api/tts?text=HANG`);
  await served.run.waitFor(/hanging on request pid=(\d+)/);
  const queued = ask(`${served.guard}/api/tts?text=patient`);
  const timedOut = await hung;
  assert.equal(timedOut.status, 504);
  assert.equal(
    timedOut.body.toString(),
    '{"error":"request timeout: no answer from the server within 1s; restarting it"}\n',
  );
  const next = await queued;
  assert.equal(next.status, 200);
  assert.equal(next.headers['content-type'], 'audio/wav');
  assert.match(served.run.stderr(), /restarting the server \(runaway\): request timeout/);
  const [first, second] = serverPids(served.run.stderr());
  assert.ok(second && second !== first, 'a second server was started');
  await assertGone([first!]);
  const metrics = await scrape(served.metrics);
  assert.equal(metricValue(metrics, 'ttsguard_restarts_total', { reason: 'runaway' }), 1);
  assert.equal(metricValue(metrics, 'ttsguard_rejections_total', { reason: 'timeout' }), 1);
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});

test('after kill -9 of the server a new one is started and serves', async (t) => {
  const served = await startServe(['--listen', '0', '--restart-delay', '200ms']);
  t.after(() => served.stop());
  const [first] = serverPids(served.run.stderr());
  process.kill(first!, 'SIGKILL');
  await served.run.waitFor(
    /restarting the server in 200ms \(signal\): the server ended: ended by SIGKILL/,
  );
  await served.run.waitFor(/ready: [\s\S]*ready: /);
  await assertGone([first!]);
  const answer = await ask(`${served.guard}/api/tts?text=back%20again`);
  assert.equal(answer.status, 200);
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});

test('a crash between requests is bridged: the next request waits for the new one', async (t) => {
  const served = await startServe(
    ['--listen', '0', '--restart-delay', '100ms'],
    ['--fake-crash-after', '2'],
  );
  t.after(() => served.stop());
  const statuses: number[] = [];
  for (const text of ['one', 'two', 'three', 'four']) {
    statuses.push((await ask(`${served.guard}/api/tts?text=${text}`)).status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 200]);
  assert.match(served.run.stderr(), /restarting the server in 100ms \(crash\)/);
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});

test('a server that stops answering its health probe is restarted', async (t) => {
  const probes = ['--health-interval', '200ms', '--health-timeout', '300ms'];
  const served = await startServe([
    '--listen',
    '0',
    ...probes,
    '--health-failures',
    '2',
    '--kill-after',
    '500ms',
  ]);
  t.after(() => served.stop());
  const [first] = serverPids(served.run.stderr());
  // A stopped process keeps its port but answers nothing: the probe times out.
  process.kill(first!, 'SIGSTOP');
  const line = await served.run.waitFor(/restarting the server in 500ms \(health\): (.*)/);
  assert.equal(line[1], 'health: 2 probes in a row failed, the last with no answer within 300 ms');
  await served.run.waitFor(/ready: [\s\S]*ready: /);
  await assertGone([first!]);
  assert.equal((await ask(`${served.guard}/api/tts?text=healthy`)).status, 200);
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});
