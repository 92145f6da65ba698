// Finds the config file without loading any parser: from the working folder up to the
// root, then the user's config folder. Only a found file pays for cosmiconfig and zod.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** File names searched in each folder, in order; package.json counts with a "ttsguard" key. */
export const SEARCH_PLACES = [
  'package.json',
  '.ttsguardrc',
  '.ttsguardrc.json',
  '.ttsguardrc.yaml',
  '.ttsguardrc.yml',
  'ttsguard.config.json',
  'ttsguard.config.yaml',
];

const GLOBAL_NAMES = ['config', 'config.json', 'config.yaml', 'config.yml'];

/** The first config file found for `cwd`, or undefined. */
export function findConfigFile(cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  for (let dir = cwd; ; dir = dirname(dir)) {
    for (const name of SEARCH_PLACES) {
      const path = join(dir, name);
      if (!existsSync(path)) continue;
      if (name !== 'package.json' || declaresSettings(path)) return path;
    }
    if (dir === dirname(dir)) break;
  }
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return GLOBAL_NAMES.map((name) => join(base, 'ttsguard', name)).find((path) => existsSync(path));
}

function declaresSettings(path: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return manifest !== null && typeof manifest === 'object' && 'ttsguard' in manifest;
  } catch {
    return false;
  }
}
