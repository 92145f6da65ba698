// The `--isolate` sandbox, built with bubblewrap: the whole file system read-only, a private
// /tmp and /dev, writable only the working directory and the --writable paths, no network
// unless asked, and gone when its parent (ttsguard's launch chain) dies.
import { resolve } from 'node:path';
import { InputError } from '../config/input-error.ts';
import { findTool } from './find-tool.ts';
import type { Availability } from './mechanism.ts';

/** What the sandbox lets through. */
export interface SandboxOptions {
  cwd: string;
  writablePaths: string[];
  network: boolean;
}

/** Whether bwrap can be used here. */
export function probeSandbox(): Availability {
  return findTool('bwrap')
    ? { available: true, reason: 'bwrap (bubblewrap) found' }
    : { available: false, reason: 'bwrap is not installed (Debian package bubblewrap)' };
}

/** The bwrap prefix for the sandbox; an InputError when bwrap is missing. */
export function buildSandbox(options: SandboxOptions): string[] {
  const bwrap = findTool('bwrap');
  if (!bwrap) throw new InputError(`--isolate: ${probeSandbox().reason}`);
  const args = [bwrap, '--ro-bind', '/', '/', '--dev', '/dev', '--tmpfs', '/tmp'];
  // Later mounts win: the working directory and the writable paths are bound over the
  // read-only root (and over the private /tmp, if they are inside it).
  for (const path of [options.cwd, ...options.writablePaths]) {
    const absolute = resolve(options.cwd, path);
    args.push('--bind', absolute, absolute);
  }
  if (!options.network) args.push('--unshare-net');
  args.push('--die-with-parent', '--chdir', options.cwd, '--');
  return args;
}
