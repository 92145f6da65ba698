// Finds the workload's executable the way execvp would, before anything is spawned, so that
// "not found" (127) and "not executable" (126) are told apart with a clear line.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** The executable to launch, or why it cannot be launched. */
export type Resolution =
  | { ok: true; path: string }
  | { ok: false; exitCode: 126 | 127; message: string };

/** Resolves `command` against PATH (or `cwd` when it contains a slash). */
export function resolveCommand(command: string, path: string, cwd: string): Resolution {
  if (command.includes('/')) {
    return check(isAbsolute(command) ? command : resolve(cwd, command), command);
  }
  let firstDenied: Resolution | undefined;
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir === '' ? cwd : dir, command);
    const result = check(candidate, command);
    if (result.ok) return result;
    if (result.exitCode === 126) firstDenied ??= result;
  }
  return firstDenied ?? { ok: false, exitCode: 127, message: `${command}: command not found` };
}

function check(path: string, shown: string): Resolution {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    return { ok: false, exitCode: 127, message: `${shown}: no such file` };
  }
  if (!isFile) return { ok: false, exitCode: 126, message: `${shown}: is not a regular file` };
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { ok: false, exitCode: 126, message: `${shown}: permission denied (not executable)` };
  }
  return { ok: true, path };
}
