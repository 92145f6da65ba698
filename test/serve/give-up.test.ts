// The restart policy, the backoff that doubles up to its cap, and the give-up rule.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertGone, FAKE_SERVER } from '../helpers.ts';
import { freePort, serverPids, startServe } from './harness.ts';

const FAILING = ['/bin/sh', '-c', 'exit 3'];
const FAST = ['--restart-delay', '100ms', '--restart-delay-max', '400ms', '--start-timeout', '5s'];

test('the backoff doubles up to its cap; past the restart limit serve exits 121', async () => {
  const served = await startServe([...FAST, '--restart-limit', '4'], [], { command: FAILING });
  const end = await served.run.done;
  assert.equal(end.code, 121);
  const delays = [...end.stderr.matchAll(/restarting the server in (\d+ms) \(crash\)/g)].map(
    (m) => m[1],
  );
  assert.deepEqual(delays, ['100ms', '200ms', '400ms', '400ms']);
  assert.match(
    end.stderr,
    new RegExp(
      'ttsguard: gave up: 5 restarts within 1m00s \\(--restart-limit 4\\); ' +
        'the last: the server ended: exited with code 3; exit 121\n$',
    ),
  );
  assert.equal(serverPids(end.stderr).length, 5);
});

test('--restart never ends with the server and its exit code', async () => {
  const served = await startServe([...FAST, '--restart', 'never'], [], { command: FAILING });
  const end = await served.run.done;
  assert.equal(end.code, 3);
  assert.match(end.stderr, /exited with code 3; not restarting \(--restart never\); exit 3\n$/);
  assert.equal(serverPids(end.stderr).length, 1);
});

test('--restart on-failure does not restart a server that exited with 0', async () => {
  const served = await startServe(FAST, [], { command: ['/bin/sh', '-c', 'exit 0'] });
  const end = await served.run.done;
  assert.equal(end.code, 0);
  assert.match(end.stderr, /not restarting \(--restart on-failure\); exit 0\n$/);
});

test('a server never ready within --start-timeout is restarted, then given up', async () => {
  const port = await freePort();
  const slow = [FAKE_SERVER, '--port', String(port), '--fake-start-delay', '30'];
  const flags = ['--start-timeout', '1s', '--restart-delay', '100ms', '--restart-limit', '1'];
  const served = await startServe(['--kill-after', '1s', ...flags], [], { command: slow });
  const end = await served.run.done;
  assert.equal(end.code, 121);
  const timeouts =
    end.stderr.match(/stopping on request: start-timeout: \S+ did not answer within 1s/g) ?? [];
  assert.equal(timeouts.length, 2);
  assert.match(end.stderr, /gave up: 2 restarts within 1m00s \(--restart-limit 1\)/);
  await assertGone(serverPids(end.stderr));
});
