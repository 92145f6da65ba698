// Copies the workload's stdout and stderr to ttsguard's own, byte for byte and with
// backpressure, while a scanner reads the same bytes for coqui's lines.
import type { Readable, Writable } from 'node:stream';
import { OutputScanner, type TtsFacts } from '../tts/output-scan.ts';

/** Pipes `from` into `to` unchanged and scans it; resolves when `from` has ended. */
export function passThrough(from: Readable, to: Writable, facts: TtsFacts): Promise<void> {
  const scanner = new OutputScanner(facts);
  from.on('data', (chunk: Buffer) => scanner.feed(chunk));
  from.pipe(to, { end: false });
  // If our reader went away (EPIPE), stop reading so the workload sees it too.
  const onError = () => from.destroy();
  to.once('error', onError);
  return new Promise((resolve) => {
    from.once('close', () => {
      scanner.end();
      from.unpipe(to);
      to.off('error', onError);
      resolve();
    });
  });
}
