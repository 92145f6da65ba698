import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hintsFor } from '../../src/tts/hints.ts';
import { OutputScanner, type TtsFacts } from '../../src/tts/output-scan.ts';

function scan(chunks: string[]): TtsFacts {
  const facts: TtsFacts = {};
  const scanner = new OutputScanner(facts);
  for (const chunk of chunks) scanner.feed(Buffer.from(chunk));
  scanner.end();
  return facts;
}

describe('OutputScanner', () => {
  it("reads the fork's lines, even split across chunks", () => {
    const facts = scan([
      'Text: hi\nProcessing ti',
      'me: 0.512\nReal-time factor: 0.123\nSaved TTS output to /tmp/a b.wav\n',
    ]);
    assert.deepEqual(facts, {
      processingTimeS: 0.512,
      realTimeFactor: 0.123,
      outputPath: '/tmp/a b.wav',
    });
  });

  it("reads the original's ' > ' lines and a last line without newline", () => {
    const facts = scan([
      ' > Processing time: 8.4599\n > Real-time factor: 0.605\n > Saving output to out.wav',
    ]);
    assert.deepEqual(facts, {
      processingTimeS: 8.4599,
      realTimeFactor: 0.605,
      outputPath: 'out.wav',
    });
  });

  it('stops reading a stream that turns out to be binary (--pipe_out)', () => {
    const facts = scan(['RIFF\0\0\0\0WAVE', '\nProcessing time: 1.0\n']);
    assert.deepEqual(facts, {});
  });

  it('recognises the licence prompt on a closed stdin and the decoder limit', () => {
    const facts = scan([
      ' > You must confirm the following:\n | > "I agree"\nTraceback (most recent call last):\n',
      'EOFError: EOF when reading a line\nDecoder stopped with max_decoder_steps 10000\n',
    ]);
    assert.equal(facts.licencePrompt, true);
    assert.equal(facts.eofError, true);
    assert.equal(facts.decoderLimit, '10000');
    const hints = hintsFor(facts, '/usr/bin/tts', false);
    assert.equal(hints.length, 2);
    assert.match(hints[0]!, /set COQUI_TOS_AGREED=1/);
    assert.match(hints[1]!, /max_decoder_steps 10000: the audio is truncated/);
  });
});
