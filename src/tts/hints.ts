// One hint per known failure shape of coqui TTS, so the user knows what to change.
import { basename } from 'node:path';
import type { TtsFacts } from './output-scan.ts';

/** The hints that fit what the run showed. */
export function hintsFor(facts: TtsFacts, command: string, notFound: boolean): string[] {
  const hints: string[] = [];
  const name = basename(command);
  if (notFound && (name === 'tts' || name === 'tts-server')) {
    hints.push(
      `${name} is not on PATH: install coqui TTS (pip install coqui-tts) or give its full path`,
    );
  }
  if (facts.licencePrompt && facts.eofError) {
    hints.push(
      'XTTS asked for licence agreement on a closed stdin: set COQUI_TOS_AGREED=1 to accept it',
    );
  }
  if (facts.decoderLimit) {
    hints.push(
      `the decoder stopped at max_decoder_steps ${facts.decoderLimit}: the audio is truncated ` +
        '(split the text or raise the limit in the model config)',
    );
  }
  return hints;
}
