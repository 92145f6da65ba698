// The JSON summary: the outcome, written atomically so a reader never sees half a file.
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../config/input-error.ts';
import type { Outcome } from '../supervise/outcome.ts';

/** Fails before the run when the summary could not be written. */
export function checkSummaryPath(path: string): void {
  const dir = dirname(resolve(path));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir)
    throw new InputError(`--json-summary: ${JSON.stringify(path)}: folder ${dir} does not exist`);
}

/** Writes the summary; returns a message when that failed. */
export function writeSummary(path: string, outcome: Outcome): string | undefined {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(outcome, null, 2)}\n`);
    renameSync(temporary, path);
    return undefined;
  } catch (error) {
    return `--json-summary: cannot write ${path}: ${(error as Error).message}`;
  }
}
