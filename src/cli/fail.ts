// The only place that turns errors into exit codes: bad input is one line and 125.
import { InputError } from '../config/input-error.ts';
import { EXIT } from '../supervise/outcome.ts';

/** Prints one line for `error` and returns the exit code it deserves. */
export function reportFailure(error: unknown, stderr: NodeJS.WritableStream): number {
  if (error instanceof InputError) {
    stderr.write(`ttsguard: ${error.message}\n`);
    return EXIT.usage;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`ttsguard: internal error: ${message.split('\n')[0]}\n`);
  if (process.env.TTSGUARD_DEBUG && error instanceof Error) stderr.write(`${error.stack}\n`);
  return EXIT.usage;
}
