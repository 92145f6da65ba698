// Where the supervised server listens: --upstream when given, else the command's own
// --port (tts-server's default is 5002) on loopback.
import type { Settings } from '../config/registry.ts';

/** tts-server's port when its command line names none. */
export const DEFAULT_SERVER_PORT = 5002;

/** The server's base URL for `command` under `settings`. */
export function upstreamOf(command: string[], settings: Pick<Settings, 'upstream'>): URL {
  if (settings.upstream) return new URL(settings.upstream);
  return new URL(`http://127.0.0.1:${portOf(command) ?? DEFAULT_SERVER_PORT}`);
}

/** The value of `--port N` or `--port=N` in a command line, the last one winning. */
export function portOf(command: string[]): number | undefined {
  let port: number | undefined;
  command.forEach((arg, index) => {
    const value = arg === '--port' ? command[index + 1] : arg.match(/^--port=(.*)$/)?.[1];
    if (value !== undefined && /^\d{1,5}$/.test(value)) port = Number(value);
  });
  return port;
}
