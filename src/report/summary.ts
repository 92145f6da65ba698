// The JSON summary: the outcome, written atomically so a reader never sees half a file.
import { renameSync, writeFileSync } from 'node:fs';
import type { Outcome } from '../supervise/outcome.ts';
import { checkOutputFolder } from './output-folder.ts';

/** Fails before the run when the summary could not be written. */
export function checkSummaryPath(path: string): void {
  checkOutputFolder('--json-summary', path);
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
