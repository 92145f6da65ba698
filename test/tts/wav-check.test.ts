import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkWav } from '../../src/tts/wav-check.ts';
import { tempDir } from '../helpers.ts';

function wav(dataBytes: number, order: Array<'fmt ' | 'data'> = ['fmt ', 'data']): Buffer {
  const chunks = order.map((id) => {
    const body = id === 'fmt ' ? Buffer.alloc(16) : Buffer.alloc(dataBytes, 1);
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(body.length, 4);
    return Buffer.concat([head, body]);
  });
  const riff = Buffer.alloc(12);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(4 + chunks.reduce((n, c) => n + c.length, 0), 4);
  riff.write('WAVE', 8, 'latin1');
  return Buffer.concat([riff, ...chunks]);
}

describe('checkWav', () => {
  const dir = tempDir();
  const file = (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('accepts a well-formed WAV with audio', () => {
    assert.equal(checkWav(file('ok.wav', wav(4410))), undefined);
  });

  it('names what is wrong', () => {
    assert.match(checkWav(join(dir, 'none.wav'))!, /does not exist/);
    assert.match(
      checkWav(file('short.wav', Buffer.from('RIFF')))!,
      /too short to be a WAV file \(4 bytes\)/,
    );
    assert.match(checkWav(file('zeros.wav', Buffer.alloc(100)))!, /is not a RIFF\/WAVE file/);
    assert.match(checkWav(file('empty.wav', wav(0)))!, /no audio \(empty data chunk\)/);
    assert.match(
      checkWav(file('order.wav', wav(100, ['data', 'fmt '])))!,
      /data chunk before the fmt chunk/,
    );
    assert.match(checkWav(file('nodata.wav', wav(0, ['fmt ', 'fmt '])))!, /has no data chunk/);
  });
});
