// Where a record goes: a named file (appended to, so earlier runs stay) or a folder (a new
// file per run with a timestamped name, created exclusively so nothing is overwritten).
import { existsSync, openSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../config/input-error.ts';

/** An open record file. */
export interface OpenRecord {
  fd: number;
  path: string;
  /** Whether this run made the file (so it may remove it again if nothing was written). */
  created: boolean;
}

/** Opens the record for one run; InputError when its folder does not exist. */
export function openRecordFile(target: string, now: Date = new Date()): OpenRecord {
  if (isFolder(target)) return openNewIn(target, now);
  if (target.endsWith('/')) throw missing(target, target);
  const folder = dirname(resolve(target));
  if (!isFolder(folder)) throw missing(target, folder);
  try {
    const created = !existsSync(target);
    return { fd: openSync(target, 'a'), path: target, created };
  } catch (error) {
    throw new InputError(`--record: cannot open ${target}: ${(error as Error).message}`);
  }
}

/** `ttsguard-20250102T101112.345Z-4242.jsonl`: sorts by time, and the pid keeps it unique. */
export function recordFileName(now: Date, suffix = ''): string {
  const stamp = now.toISOString().replace(/[-:]/g, '');
  return `ttsguard-${stamp}-${process.pid}${suffix}.jsonl`;
}

function openNewIn(folder: string, now: Date): OpenRecord {
  for (let attempt = 1; ; attempt += 1) {
    const path = join(folder, recordFileName(now, attempt === 1 ? '' : `-${attempt}`));
    try {
      return { fd: openSync(path, 'wx'), path, created: true };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && attempt < 1000) continue;
      throw new InputError(`--record: cannot create ${path}: ${(error as Error).message}`);
    }
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function missing(target: string, folder: string): InputError {
  return new InputError(`--record: ${JSON.stringify(target)}: folder ${folder} does not exist`);
}
