// Bad serve settings are one line naming the source, the value and the accepted form, and
// exit 125 before anything is started.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { run, testEnv } from '../helpers.ts';

const CASES: Array<[string[], string]> = [
  [['--listen', 'nope'], '--listen: "nope" is not HOST:PORT like 127.0.0.1:8080'],
  [['--restart', 'sometimes'], '--restart: "sometimes" is not one of on-failure, always, never'],
  [['--rate', 'fast'], '--rate: "fast" is not a rate like 5/s, 120/m or 2 (per second)'],
  [['--upstream', 'ftp://x'], '--upstream: "ftp://x" is not an http URL'],
  [['--queue', '-1'], '--queue: "-1" is not a whole number ≥ 0'],
  [['--metrics', '1.2.3.4:99999'], '--metrics: "1.2.3.4:99999" is not HOST:PORT'],
];

test('bad values of serve settings exit 125 with one line', async () => {
  for (const [flags, message] of CASES) {
    const end = await run(['serve', ...flags, '--', 'true']);
    assert.equal(end.code, 125, flags.join(' '));
    assert.equal(end.stderr.split('\n').length, 2, end.stderr);
    assert.ok(end.stderr.startsWith(`ttsguard: ${message}`), end.stderr);
  }
});

test('the environment is read too, and serve flags are not flags of run', async () => {
  const env = testEnv({ TTSGUARD_RESTART: 'maybe' });
  const fromEnv = await run(['serve', '--', 'true'], { env });
  assert.equal(fromEnv.code, 125);
  assert.match(fromEnv.stderr, /^ttsguard: environment TTSGUARD_RESTART: "maybe" is not one of/);
  const onRun = await run(['run', '--listen', '0', '--', 'true']);
  assert.equal(onRun.code, 125);
  assert.equal(onRun.stderr, "ttsguard: unknown option '--listen'\n");
});

test('a --listen address in use exits 125 before the server is started', async () => {
  const taken = net.createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as net.AddressInfo;
  const end = await run(['serve', '--listen', `127.0.0.1:${port}`, '--', 'true']);
  taken.close();
  assert.equal(end.code, 125);
  assert.equal(end.stderr, `ttsguard: --listen: cannot listen on 127.0.0.1:${port} (EADDRINUSE)\n`);
});
