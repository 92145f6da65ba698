// With NOTIFY_SOCKET set, serve tells the service manager READY=1 once the server answers
// and STOPPING=1 on the way out. The test binds a real unix datagram socket (with python,
// as node cannot) and reads what arrives.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertGone, tempDir, testEnv } from '../helpers.ts';
import { serverPids, startServe } from './harness.ts';

const RECEIVER = `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(60)
print("bound", flush=True)
while True:
    message = s.recv(4096).decode()
    print(message.replace("\\n", " "), flush=True)
    if "STOPPING=1" in message:
        break
`;

test('READY=1 after readiness and STOPPING=1 at the end go to NOTIFY_SOCKET', async (t) => {
  const socketPath = join(tempDir(), 'notify.sock');
  const receiver = spawn('python3', ['-c', RECEIVER, socketPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  t.after(() => receiver.kill());
  let received = '';
  const waiters = new Set<() => void>();
  receiver.stdout.on('data', (chunk: Buffer) => {
    received += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  });
  const heard = (pattern: RegExp) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!pattern.test(received)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  await heard(/^bound\n/);
  const served = await startServe([], [], { env: testEnv({ NOTIFY_SOCKET: socketPath }) });
  t.after(() => served.stop());
  await heard(/READY=1/);
  assert.match(received, /READY=1 STATUS=serving http:\/\/127\.0\.0\.1:\d+/);
  const end = await served.stop();
  await heard(/STOPPING=1/);
  assert.equal(end.code, 0);
  assert.equal(received.match(/READY=1/g)?.length, 1);
  await assertGone(serverPids(end.stderr));
});
