// `ttsguard serve`: resolve the settings, keep the server running, and exit with the code
// serve ends with. SIGHUP reads the same layers again.
import type { ResolveInput } from '../config/resolve.ts';
import { resolveSettings } from '../config/resolve.ts';
import { lineReporter } from '../report/line-reporter.ts';
import { Logger, verbosityOf } from '../report/logger.ts';
import { serve } from '../serve/serve-loop.ts';

/** Serves `command` under the settings; returns ttsguard's exit code. */
export async function serveCommand(
  command: string[],
  typed: Pick<ResolveInput, 'flags' | 'configPath' | 'profile'>,
): Promise<number> {
  const resolve = async () =>
    (await resolveSettings({ cwd: process.cwd(), env: process.env, ...typed })).settings;
  const settings = await resolve();
  const logger = new Logger(process.stderr, verbosityOf(settings));
  const end = await serve({
    command,
    settings,
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    logger,
    observe: lineReporter(logger),
    reload: resolve,
  });
  if (end.exitCode === 0) logger.info(`${end.message}; exit 0`);
  else logger.error(`${end.message}; exit ${end.exitCode}`);
  return end.exitCode;
}
