// /metrics of serve, parsed as Prometheus text exposition by the test itself: names, types,
// labels and the values that the requests sent here must have produced.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertGone } from '../helpers.ts';
import {
  ask,
  type Exposition,
  metricValue,
  type Served,
  scrape,
  serverPids,
  startServe,
} from '../serve/harness.ts';

let served: Served;

before(async () => {
  served = await startServe([
    '--listen',
    '0',
    '--metrics',
    '0',
    '--memory',
    '1G',
    '--cpu-time',
    '10m',
    '--max-text',
    '50',
  ]);
});

after(async () => {
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});

const TYPES: Record<string, string> = {
  ttsguard_requests_total: 'counter',
  ttsguard_request_duration_seconds: 'histogram',
  ttsguard_queue_depth: 'gauge',
  ttsguard_in_flight: 'gauge',
  ttsguard_rejections_total: 'counter',
  ttsguard_restarts_total: 'counter',
  ttsguard_server_up: 'gauge',
  ttsguard_server_rss_bytes: 'gauge',
  ttsguard_server_cpu_seconds: 'gauge',
  ttsguard_limit_bytes: 'gauge',
  ttsguard_limit_seconds: 'gauge',
  ttsguard_limit_count: 'gauge',
};

test('the metrics endpoint listens on loopback and serves exposition text', async () => {
  assert.match(served.metrics, /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
  const answer = await ask(served.metrics);
  assert.equal(answer.status, 200);
  assert.equal(answer.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  assert.equal((await ask(served.metrics.replace('/metrics', '/other'))).status, 404);
});

test('requests, latency, rejections, the server and the limits are counted', async () => {
  assert.equal((await ask(`${served.guard}/api/tts?text=one`)).status, 200);
  assert.equal((await ask(`${served.guard}/api/tts?text=two`)).status, 200);
  assert.equal((await ask(`${served.guard}/api/tts?text=${'z'.repeat(51)}`)).status, 413);
  assert.equal((await ask(`${served.guard}/details`)).status, 200);
  const m: Exposition = await scrape(served.metrics);

  for (const [name, type] of Object.entries(TYPES)) {
    assert.equal(m.types.get(name), type, `TYPE of ${name}`);
    assert.ok(m.helps.get(name), `HELP of ${name}`);
  }
  const tts = { endpoint: '/api/tts' };
  assert.equal(metricValue(m, 'ttsguard_requests_total', { ...tts, status: '200' }), 2);
  assert.equal(metricValue(m, 'ttsguard_requests_total', { ...tts, status: '413' }), 1);
  const details = { endpoint: '/details', status: '200' };
  assert.equal(metricValue(m, 'ttsguard_requests_total', details), 1);
  assert.equal(metricValue(m, 'ttsguard_request_duration_seconds_count', tts), 3);
  const buckets = m.samples.filter(
    (s) =>
      s.name === 'ttsguard_request_duration_seconds_bucket' && s.labels.endpoint === '/api/tts',
  );
  assert.equal(buckets.at(-1)?.labels.le, '+Inf');
  assert.equal(buckets.at(-1)?.value, 3);
  for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i]!.value >= buckets[i - 1]!.value);
  assert.ok(metricValue(m, 'ttsguard_request_duration_seconds_sum', tts)! > 0);
  assert.equal(metricValue(m, 'ttsguard_rejections_total', { reason: 'text' }), 1);
  assert.equal(metricValue(m, 'ttsguard_queue_depth'), 0);
  assert.equal(metricValue(m, 'ttsguard_in_flight'), 0);
  assert.equal(metricValue(m, 'ttsguard_server_up'), 1);
  assert.ok(metricValue(m, 'ttsguard_server_rss_bytes')! > 1024 * 1024);
  assert.ok(metricValue(m, 'ttsguard_server_cpu_seconds')! > 0, 'python spent CPU starting up');
  assert.equal(metricValue(m, 'ttsguard_limit_bytes', { limit: 'memory' }), 2 ** 30);
  assert.equal(metricValue(m, 'ttsguard_limit_seconds', { limit: 'cpu_time' }), 600);
  assert.equal(metricValue(m, 'ttsguard_limit_seconds', { limit: 'request_timeout' }), 120);
  assert.equal(metricValue(m, 'ttsguard_limit_count', { limit: 'max_text' }), 50);
  assert.equal(metricValue(m, 'ttsguard_limit_count', { limit: 'concurrency' }), 1);
  assert.equal(metricValue(m, 'ttsguard_restarts_total'), undefined);
});
