// The workload's bytes reach ttsguard's stdout unchanged, and ttsguard adds none of its own.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { FAKE_TTS, run, tempDir, testEnv } from '../helpers.ts';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('run: output passthrough', () => {
  it('1 MB of WAV through --pipe_out arrives byte for byte', async () => {
    const cwd = tempDir();
    const result = await run(
      [
        'run',
        '--memory',
        '1G',
        '--',
        FAKE_TTS,
        '--text',
        'x',
        '--pipe_out',
        '--fake-wav-bytes',
        '1048576',
        '--out_path',
        'copy.wav',
      ],
      { cwd },
    );
    assert.equal(result.code, 0, result.stderr);
    const file = readFileSync(join(cwd, 'copy.wav'));
    assert.ok(result.stdout.length > 1_048_576);
    assert.equal(result.stdout.length, file.length);
    assert.equal(sha(result.stdout), sha(file));
    assert.equal(result.stdout.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.match(result.stderr, /Processing time: /, "the fixture's logs go to stderr");
  });

  it('arbitrary binary, including NULs and no trailing newline, is untouched', async () => {
    const result = await run(['run', '--', 'head', '-c', '300000', '/dev/urandom']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.length, 300_000);
  });

  it('arguments reach the workload exactly as given, no shell in between', async () => {
    const args = ['a b', '$HOME', '"q"', "it's", '*', '--flag', ''];
    const result = await run(['run', '--', 'printf', '[%s]\\n', ...args]);
    assert.equal(result.stdout.toString(), `${args.map((a) => `[${a}]`).join('\n')}\n`);
  });

  it("the original flavour's block-buffered lines are still read for the summary", async () => {
    const cwd = tempDir();
    const env = testEnv({ FAKE_TTS_FLAVOUR: 'original' });
    delete env.PYTHONUNBUFFERED;
    const result = await run(
      [
        'run',
        '--json-summary',
        's.json',
        '--',
        FAKE_TTS,
        '--text',
        'Two words.',
        '--out_path',
        'o.wav',
      ],
      { cwd, env },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout.toString(),
      / > Processing time: [\d.]+\n > Real-time factor: [\d.]+\n/,
    );
    const summary = JSON.parse(readFileSync(join(cwd, 's.json'), 'utf8'));
    assert.equal(summary.tts.outputPath, 'o.wav');
    assert.equal(typeof summary.tts.realTimeFactor, 'number');
  });

  it('prints the licence hint when XTTS meets a closed stdin', async () => {
    const result = await run([
      'run',
      '--',
      FAKE_TTS,
      '--model_name',
      'tts_models/multilingual/multi-dataset/xtts_v2',
      '--text',
      'x',
    ]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /EOFError/);
    assert.match(
      result.stderr,
      /ttsguard: hint: XTTS asked for licence agreement on a closed stdin: set COQUI_TOS_AGREED=1/,
    );
  });

  it('prints the truncation hint when the decoder hits its step limit', async () => {
    const result = await run([
      'run',
      '--',
      FAKE_TTS,
      '--text',
      '3. 2. 1.',
      '--fake-max-decoder-steps',
      '500',
      '--out_path',
      'o.wav',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /hint: the decoder stopped at max_decoder_steps 500: the audio is truncated/,
    );
  });
});
