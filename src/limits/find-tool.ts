// Locates helper programs (prlimit, setpriv, …) on PATH once per process.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const cache = new Map<string, string | undefined>();

/** The absolute path of `name` on PATH (plus the sbin folders), or undefined. */
export function findTool(name: string, path = process.env.PATH ?? ''): string | undefined {
  const key = `${name}\0${path}`;
  if (cache.has(key)) return cache.get(key);
  const dirs = [...path.split(delimiter), '/usr/bin', '/usr/sbin', '/bin', '/sbin'];
  const found = dirs
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(isExecutableFile);
  cache.set(key, found);
  return found;
}

/** Whether `path` is a regular file this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
