// Tells systemd how serve is doing when it runs as a Type=notify service: READY=1 once the
// server first answers, STOPPING=1 on the way out. Node cannot send on a unix datagram
// socket, so the message goes through systemd-notify, which needs NotifyAccess=all.
import { execFile } from 'node:child_process';
import { findTool } from '../limits/find-tool.ts';

/** Sends service-manager notifications, or does nothing without NOTIFY_SOCKET. */
export interface Notifier {
  /** Whether NOTIFY_SOCKET is set. */
  readonly active: boolean;
  ready(status: string): Promise<void>;
  stopping(): Promise<void>;
}

/** A notifier for the environment `env`; `warn` hears why a notification failed. */
export function systemdNotifier(env: NodeJS.ProcessEnv, warn: (line: string) => void): Notifier {
  const socket = env.NOTIFY_SOCKET;
  const tool = socket ? findTool('systemd-notify') : undefined;
  if (socket && !tool) {
    warn('NOTIFY_SOCKET is set but systemd-notify is missing: systemd will not hear READY=1');
  }
  const send = (args: string[]) =>
    new Promise<void>((resolve) => {
      if (!tool) return resolve();
      execFile(tool, args, { env, timeout: 5000 }, (error) => {
        if (error) warn(`systemd-notify ${args.join(' ')} failed: ${error.message.split('\n')[0]}`);
        resolve();
      });
    });
  return {
    active: Boolean(socket),
    ready: (status) => send(['--ready', `--status=${status}`]),
    stopping: () => send(['STOPPING=1']),
  };
}
