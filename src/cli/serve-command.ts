// `ttsguard serve`: resolve the settings, keep the server running, and exit with the code
// serve ends with. SIGHUP reads the same layers again.
import type { Settings } from '../config/registry.ts';
import type { ResolveInput } from '../config/resolve.ts';
import { resolveSettings } from '../config/resolve.ts';
import { selectMechanisms } from '../limits/select.ts';
import { combineObservers } from '../report/combine-observers.ts';
import { lineReporter } from '../report/line-reporter.ts';
import { Logger, verbosityOf } from '../report/logger.ts';
import { serve } from '../serve/serve-loop.ts';
import { openRunExtras } from './run-extras.ts';

/** Serves `command` under the settings; returns ttsguard's exit code. */
export async function serveCommand(
  command: string[],
  typed: Pick<ResolveInput, 'flags' | 'configPath' | 'profile'>,
): Promise<number> {
  const resolve = async () =>
    (await resolveSettings({ cwd: process.cwd(), env: process.env, ...typed })).settings;
  const settings = await resolve();
  // Limits this host cannot hold are bad input: one line and 125 before anything starts.
  selectMechanisms(settings, settings);
  const logger = new Logger(process.stderr, verbosityOf(settings));
  for (const flag of unusedBy(settings))
    logger.warn(`${flag} is a setting of run; serve ignores it`);
  // The record and the alert command work as in run, for every lifetime of the server.
  const extras = await openRunExtras({ ...settings, metricsTextfile: undefined }, command, logger);
  const end = await serve({
    command,
    settings,
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    logger,
    observe: combineObservers(lineReporter(logger), extras.observe),
    record: extras.recordEvent,
    reload: resolve,
  }).catch((error: unknown) => {
    // Refused before any server started (an address in use, say): no empty record is left.
    extras.abandon();
    throw error;
  });
  await extras.finish();
  extras.recordEvent('serve-end', { exitCode: end.exitCode, message: end.message });
  if (end.exitCode === 0) logger.info(`${end.message}; exit 0`);
  else logger.error(`${end.message}; exit ${end.exitCode}`);
  return end.exitCode;
}

/** Settings of `run` that mean nothing for a server that is meant to keep running. */
const RUN_ONLY: Array<[keyof Settings, string]> = [
  ['jsonSummary', '--json-summary'],
  ['expectWav', '--expect-wav'],
  ['preserveStatus', '--preserve-status'],
  ['metricsTextfile', '--metrics-textfile'],
];

function unusedBy(settings: Settings): string[] {
  return RUN_ONLY.filter(([field]) => Boolean(settings[field])).map(([, flag]) => flag);
}
