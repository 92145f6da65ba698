// The guard passes tts-server's answers through unchanged: status, headers, body.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertGone } from '../helpers.ts';
import {
  type Ask,
  ask,
  headerPairs,
  type Served,
  serverPids,
  startServe,
} from '../serve/harness.ts';

let served: Served;

before(async () => {
  served = await startServe(['--listen', '0']);
});

after(async () => {
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});

/** Asks the server directly and through the guard; both answers must be identical. */
async function same(path: string, options: Ask = {}): Promise<void> {
  const direct = await ask(served.upstream + path, options);
  const guarded = await ask(served.guard + path, options);
  assert.equal(guarded.status, direct.status, path);
  assert.deepEqual(headerPairs(guarded.rawHeaders), headerPairs(direct.rawHeaders), path);
  assert.ok(guarded.body.equals(direct.body), `${path}: bodies differ`);
}

test('audio from GET /api/tts is byte-identical, headers included', async () => {
  const direct = await ask(`${served.upstream}/api/tts?text=hello%20there`);
  assert.equal(direct.status, 200);
  assert.equal(direct.headers['content-type'], 'audio/wav');
  assert.equal(direct.body.subarray(0, 4).toString(), 'RIFF');
  await same('/api/tts?text=hello%20there');
});

test('POST forms, the text header, /process, /v1/audio/speech pass through', async () => {
  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  await same('/api/tts', { method: 'POST', headers: form, body: 'text=from+a+form' });
  await same('/api/tts', { headers: { text: 'from a header' } });
  await same('/process?INPUT_TEXT=mary%20style');
  await same('/process', { method: 'POST', headers: form, body: 'INPUT_TEXT=posted' });
  const json = { 'Content-Type': 'application/json' };
  const speech = JSON.stringify({ input: 'openai style', response_format: 'wav' });
  await same('/v1/audio/speech', { method: 'POST', headers: json, body: speech });
});

test('the other endpoints and errors of the server pass through', async () => {
  for (const path of ['/', '/details', '/locales', '/voices', '/nowhere']) await same(path);
  await same('/details', { method: 'DELETE' });
  await same('/v1/audio/speech', { method: 'POST', body: 'not json' });
});

test('blank text gets the server own 400 answer without reaching it', async () => {
  const direct = await ask(`${served.upstream}/api/tts?text=%20`);
  const guarded = await ask(`${served.guard}/api/tts?text=%20`);
  assert.equal(direct.status, 400);
  assert.equal(guarded.status, 400);
  assert.equal(guarded.headers['content-type'], direct.headers['content-type']);
  assert.equal(guarded.body.toString(), direct.body.toString());
  assert.equal(guarded.body.toString(), '{"error":"Text parameter is required"}\n');
  const seen = served.run.stderr().split('"GET /api/tts?text=%20 HTTP/1.1" 400').length - 1;
  assert.equal(seen, 1, 'only the direct request reached the server');
});
