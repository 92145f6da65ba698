// Facts about the workload that every renderer needs: is it a server, on which port, under
// which name, and the absolute program path systemd wants.
import { basename, isAbsolute, resolve } from 'node:path';
import type { SettingKey } from '../config/registry.ts';
import { SPECS } from '../config/registry.ts';
import { findTool } from '../limits/find-tool.ts';
import { DEFAULT_SERVER_PORT, portOf } from '../serve/upstream.ts';
import type { Shape } from './export-types.ts';

/** Program names that are servers whatever their settings. */
const SERVER_PROGRAMS = new Set(['tts-server']);

/** Server unless told otherwise: --wrap, --service/--oneshot, a `tts-server`, serve settings. */
export function decideShape(
  command: readonly string[],
  setKeys: ReadonlySet<SettingKey>,
  choice: { wrap: boolean; service: boolean; oneshot: boolean },
): Shape {
  if (choice.wrap) return 'wrapped';
  if (choice.service) return 'server';
  if (choice.oneshot) return 'oneshot';
  if (SERVER_PROGRAMS.has(basename(command[0] ?? ''))) return 'server';
  const serveSet = SPECS.some((spec) => spec.scope === 'serve' && setKeys.has(spec.key));
  return serveSet ? 'server' : 'oneshot';
}

/** The port the server listens on: the command's --port, else tts-server's 5002. */
export function serverPort(command: readonly string[]): number {
  return portOf([...command]) ?? DEFAULT_SERVER_PORT;
}

/** A name usable as a unit, container and Kubernetes object name, from the program's name. */
export function defaultName(command: readonly string[]): string {
  const name = basename(command[0] ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name || 'tts';
}

/** The program as an absolute path: as given, from `cwd`, or found on `path`. */
export function absoluteProgram(program: string, cwd: string, path: string): string | undefined {
  if (isAbsolute(program)) return program;
  if (program.includes('/')) return resolve(cwd, program);
  return findTool(program, path);
}
