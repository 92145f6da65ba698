// Output files (summary, textfile) are checked before the run, so that a wrong path is one
// line and exit 125, not a result lost at the end.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../config/input-error.ts';

/** Throws an InputError naming `flag` when the folder that would hold `path` is missing. */
export function checkOutputFolder(flag: string, path: string): void {
  const folder = dirname(resolve(path));
  let isFolder = false;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {}
  if (!isFolder) {
    throw new InputError(`${flag}: ${JSON.stringify(path)}: folder ${folder} does not exist`);
  }
}
