// Limits the host cannot hold: at start-up one line and exit 125 before anything is started;
// on SIGHUP one error line, and the server keeps running under the settings in force.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertGone, FAKE_SERVER, processesWith, run, tempDir, testEnv } from '../helpers.ts';
import { ask, freePort, serverPids, startServe } from './harness.ts';

// Only the rlimit and the watchdog allowed: no mechanism can hold --memory-high, on any host.
const env = testEnv({ TTSGUARD_MECHANISMS: 'rlimit,watchdog' });
const REFUSED =
  '--memory-high: no mechanism can enforce it here (no allowed mechanism supports it)';

test('a limit the host cannot hold exits 125 with one line at start-up', async () => {
  const port = String(await freePort());
  const command = [FAKE_SERVER, '--port', port, '--fake-max-lifetime', '30'];
  const end = await run(['serve', '--memory-high', '1G', '--', ...command], { env });
  assert.equal(end.code, 125);
  assert.equal(end.stderr, `ttsguard: ${REFUSED}\n`);
  assert.doesNotMatch(end.stderr, /^\s+at /m);
  await assertGone(processesWith(`${FAKE_SERVER}\0--port\0${port}`));
});

test('SIGHUP to a limit the host cannot hold keeps the settings in force', async (t) => {
  const cwd = tempDir();
  const file = join(cwd, '.ttsguardrc.json');
  writeFileSync(file, JSON.stringify({ maxText: 50 }));
  const served = await startServe(['--listen', '0'], [], { cwd, env });
  t.after(() => served.stop());
  const thirty = `${served.guard}/api/tts?text=${'w'.repeat(30)}`;
  assert.equal((await ask(thirty)).status, 200);

  writeFileSync(file, JSON.stringify({ maxText: 20, memoryHigh: '1G' }));
  served.run.child.kill('SIGHUP');
  await served.run.waitFor(/SIGHUP: reload failed/);
  const lines = served.run.stderr().split('\n');
  const failed = lines.filter((line) => line.includes('SIGHUP'));
  assert.deepEqual(failed, [`ttsguard: SIGHUP: reload failed, settings unchanged: ${REFUSED}`]);
  assert.equal((await ask(thirty)).status, 200);
  assert.equal(served.run.child.exitCode, null);

  const end = await served.stop();
  assert.equal(end.code, 0);
  assert.equal(serverPids(end.stderr).length, 1);
  assert.doesNotMatch(end.stderr, /^\s+at /m);
  await assertGone(serverPids(end.stderr));
});
