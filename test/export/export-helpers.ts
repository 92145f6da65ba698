// Tools of the export tests: run `ttsguard export` for real, check units with
// systemd-analyze, and read a unit back as key/value entries.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run, tempDir, testEnv } from '../helpers.ts';

/** One finished export: exit code, stdout as text, stderr as lines. */
export interface Exported {
  code: number | null;
  stdout: string;
  lines: string[];
}

/** Runs `ttsguard export …args` in `cwd`. */
export async function exportWith(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Exported> {
  const finished = await run(['export', ...args], {
    cwd: options.cwd ?? tempDir(),
    env: options.env ?? testEnv(),
  });
  const lines = finished.stderr.split('\n').filter((line) => line !== '');
  return { code: finished.code, stdout: finished.stdout.toString(), lines };
}

/** Why systemd-analyze cannot be used here, or undefined when it can. */
export function systemdAnalyzeMissing(): string | undefined {
  const found = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
  return found.status === 0 ? undefined : 'systemd-analyze is not installed';
}

/** What `systemd-analyze verify` says of a unit (empty when it has no complaint). */
export function verifyUnit(text: string, name = 'ttsguard-test.service'): string {
  const file = join(tempDir('ttsguard-unit-'), name);
  writeFileSync(file, text);
  const result = spawnSync('systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8' });
  return `${result.status === 0 ? '' : `exit ${result.status}\n`}${result.stderr}`.trim();
}

/** The unit's entries as `[Section] Key=Value` strings, comments left out. */
export function unitEntries(text: string): string[] {
  let section = '';
  const entries: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) section = line;
    else entries.push(`${section} ${line}`);
  }
  return entries;
}

/** Splits a command line the way /bin/sh does, by asking it. */
export function shellWords(script: string): string[] {
  const out = execFileSync('/bin/sh', [
    '-c',
    `set -f; set -- ${script.trimEnd()}\nprintf '%s\\0' "$@"`,
  ]);
  return out.toString().split('\0').slice(0, -1);
}
