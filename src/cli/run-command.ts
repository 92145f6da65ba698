// `ttsguard run`: resolve the settings, supervise the command, report, and exit with the
// code the outcome calls for.

import type { ResolveInput } from '../config/resolve.ts';
import { resolveSettings } from '../config/resolve.ts';
import { combineObservers } from '../report/combine-observers.ts';
import type { RunObserver } from '../report/events.ts';
import { lineReporter } from '../report/line-reporter.ts';
import { Logger, verbosityOf } from '../report/logger.ts';
import { checkSummaryPath, writeSummary } from '../report/summary.ts';
import { superviseRun } from '../supervise/supervise-run.ts';
import { openRunExtras } from './run-extras.ts';

/** Runs `command` under the settings; returns ttsguard's exit code. */
export async function runCommand(
  command: string[],
  typed: Pick<ResolveInput, 'flags' | 'configPath' | 'profile'>,
): Promise<number> {
  const resolved = await resolveSettings({ cwd: process.cwd(), env: process.env, ...typed });
  const { settings } = resolved;
  if (settings.jsonSummary) checkSummaryPath(settings.jsonSummary);
  const logger = new Logger(process.stderr, verbosityOf(settings));
  // The live table's libraries load only when there is a terminal to draw on.
  const reporter: RunObserver =
    logger.isTerminal && !settings.quiet
      ? (await import('../report/live-table.ts')).liveTable(
          logger,
          process.stderr,
          settings.warnAtPercent,
        )
      : lineReporter(logger);
  const extras = await openRunExtras(settings, command, logger);
  const observe = combineObservers(reporter, extras.observe);
  const outcome = await superviseRun({
    command,
    settings,
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: 'inherit',
    observe,
    forwardSignals: true,
  }).catch((error: unknown) => {
    // Refused before anything ran (an unknown --user, say): leave no empty record behind.
    extras.abandon();
    throw error;
  });
  await extras.finish();
  observe({ type: 'end', outcome });
  if (settings.jsonSummary) {
    const problem = writeSummary(settings.jsonSummary, outcome);
    if (problem) logger.error(problem);
  }
  return outcome.exitCode;
}
