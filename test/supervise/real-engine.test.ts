// A real TTS engine from Debian (espeak-ng) under ttsguard, next to the fixtures.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT, run, tempDir } from '../helpers.ts';

const ESPEAK = ['/usr/bin/espeak-ng', '/bin/espeak-ng'].find((path) => existsSync(path));

describe('a real engine', { skip: ESPEAK ? false : 'espeak-ng is not installed' }, () => {
  it('espeak-ng synthesises a valid WAV under limits, checked by --expect-wav', async () => {
    const cwd = tempDir();
    const result = await run(
      [
        'run',
        '--memory',
        '256M',
        '--timeout',
        '30s',
        '--cpu-time',
        '20s',
        '--expect-wav',
        'out.wav',
        '--json-summary',
        's.json',
        '--',
        ESPEAK!,
        '-w',
        'out.wav',
        'ttsguard keeps text to speech in bounds.',
      ],
      { cwd },
    );
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(readFileSync(join(cwd, 's.json'), 'utf8'));
    assert.equal(summary.reason, 'exit');
    assert.ok(readFileSync(join(cwd, 'out.wav')).length > 10_000);
  });

  it('espeak-ng writing WAV to stdout passes through byte for byte', async () => {
    const direct = await run(['run', '--', ESPEAK!, '--stdout', 'same words twice']);
    const again = await run(['run', '--', ESPEAK!, '--stdout', 'same words twice']);
    assert.equal(direct.code, 0);
    assert.equal(again.code, 0);
    assert.equal(direct.stdout.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.ok(direct.stdout.equals(again.stdout), 'espeak-ng is deterministic; so is the pipe');
  });
});

describe('the example config', () => {
  it('parses as a config file', async () => {
    const cwd = tempDir();
    copyFileSync(join(ROOT, '.ttsguardrc.example'), join(cwd, '.ttsguardrc.yaml'));
    const result = await run(['config', '--json', '--profile', 'xtts'], { cwd });
    assert.equal(result.code, 0, result.stderr);
    const doc = JSON.parse(result.stdout.toString());
    assert.equal(doc.settings.memory, 6 * 2 ** 30);
    assert.equal(doc.settings.openFiles, 4096);
  });
});
