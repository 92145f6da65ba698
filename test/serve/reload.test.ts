// SIGHUP reads the configuration again: guard bounds apply at once, new limits restart the
// server gracefully, and a bad file keeps the settings that were in force.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertGone, tempDir } from '../helpers.ts';
import { ask, serverPids, startServe } from './harness.ts';

test('SIGHUP reloads the config file', async (t) => {
  const cwd = tempDir();
  const file = join(cwd, '.ttsguardrc.json');
  const write = (settings: object) => writeFileSync(file, JSON.stringify(settings));
  write({ maxText: 50 });
  const served = await startServe(['--listen', '0'], [], { cwd });
  t.after(() => served.stop());
  const thirty = `${served.guard}/api/tts?text=${'w'.repeat(30)}`;
  assert.equal((await ask(thirty)).status, 200);

  write({ maxText: 20 });
  served.run.child.kill('SIGHUP');
  await served.run.waitFor(/SIGHUP: configuration reloaded\n/);
  const refused = await ask(thirty);
  assert.equal(refused.status, 413);
  assert.equal(
    refused.body.toString(),
    '{"error":"text is 30 characters, over the limit of 20"}\n',
  );

  write({ maxText: 'lots' });
  served.run.child.kill('SIGHUP');
  await served.run.waitFor(/SIGHUP: reload failed, settings unchanged: \S+, key "maxText": "lots"/);
  assert.equal((await ask(thirty)).status, 413);

  write({ maxText: 20, memory: '1G' });
  served.run.child.kill('SIGHUP');
  await served.run.waitFor(/configuration reloaded; restarting for the new limits/);
  await served.run.waitFor(/ready: [\s\S]*ready: /);
  assert.equal((await ask(`${served.guard}/api/tts?text=short`)).status, 200);
  assert.match(served.run.stderr(), /started pid \d+: [^\n]*; limits: [^\n]*1G/);
  const end = await served.stop();
  assert.equal(end.code, 0);
  await assertGone(serverPids(end.stderr));
});
