// Finds ttsguard's own folder from wherever the running bundle chunk lives.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding ttsguard's package.json. */
export function packageRoot(from = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'ttsguard') {
      return dir;
    }
  }
  throw new Error('cannot find the ttsguard package folder');
}

/** The path of a bundled fixture program, e.g. `tts`. */
export function fixturePath(name: string): string {
  return join(packageRoot(), 'fixtures', 'bin', name);
}
