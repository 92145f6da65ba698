// --request-timeout bounds the whole exchange: a server that sends its head and then stalls
// in the body has its answer cut off at the bound, the request counted as a timeout, and the
// server restarted as a runaway.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { assertGone, start } from '../helpers.ts';
import { metricValue, scrape, serverPids } from '../serve/harness.ts';

/** A server that answers /details at once and sends synthesis only a head and 5 bytes. */
async function stallingServer(): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    if (req.url === '/details') {
      res.end('{}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'audio/wav', 'Content-Length': '1000' });
    res.write('RIFF!');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** One GET that reports the status, the bytes that arrived, and whether the body finished. */
function cutOff(url: string): Promise<{ status: number; body: string; complete: boolean }> {
  return new Promise((resolve, reject) => {
    // Bounded here too, so that a guard that never cuts the answer off fails the test.
    const limit = setTimeout(() => {
      request.destroy();
      reject(new Error('the answer was not cut off within 15 s'));
    }, 15_000);
    const request = http.get(url, { agent: false }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('error', () => {});
      response.once('close', () => {
        clearTimeout(limit);
        resolve({ status: response.statusCode ?? 0, body, complete: response.complete });
      });
    });
    request.once('error', reject);
  });
}

test('a body that stalls past --request-timeout is cut off and the server restarted', async (t) => {
  const { server, url } = await stallingServer();
  t.after(() => {
    server.closeAllConnections();
    server.close();
  });
  const flags = ['--upstream', url, '--listen', '0', '--metrics', '0', '--request-timeout', '1s'];
  const served = start(['serve', ...flags, '--', 'sleep', '60']);
  t.after(() => served.child.kill('SIGKILL'));
  const guard = (await served.waitFor(/guard listening on (http:\/\/\S+),/))[1]!;
  const metrics = (await served.waitFor(/metrics at (http:\/\/\S+)/))[1]!;
  await served.waitFor(/ready: /);

  const startedAt = performance.now();
  const answer = await cutOff(`${guard}/api/tts?text=hello`);
  const tookMs = performance.now() - startedAt;
  assert.deepEqual(answer, { status: 200, body: 'RIFF!', complete: false });
  // The bound is 1 s; 10 s is the margin of a loaded two-core machine, far below "forever".
  assert.ok(tookMs >= 900 && tookMs < 10_000, `cut off after ${Math.round(tookMs)} ms`);

  const message = 'request timeout: the answer stalled, not complete within 1s; restarting it';
  await served.waitFor(new RegExp(`restarting the server \\(runaway\\): ${message}\\n`));
  await served.waitFor(/ready: [\s\S]*ready: /);
  const exposition = await scrape(metrics);
  assert.equal(metricValue(exposition, 'ttsguard_rejections_total', { reason: 'timeout' }), 1);
  assert.equal(metricValue(exposition, 'ttsguard_restarts_total', { reason: 'runaway' }), 1);

  served.child.kill('SIGTERM');
  const end = await served.done;
  assert.equal(end.code, 0);
  assert.equal(serverPids(end.stderr).length, 2);
  await assertGone(serverPids(end.stderr));
});
