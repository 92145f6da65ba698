// Plain lines for logs and journald: a start line, a line when a limit nears, a final line.
import { formatDuration, formatSize } from '../config/units.ts';
import { describeUsage } from '../supervise/decide-outcome.ts';
import { describeCommand, describeLimits, LIMIT_LABELS } from './describe.ts';
import type { RunEvent } from './events.ts';
import type { Logger } from './logger.ts';

/** Reports a run as plain lines through the logger. */
export function lineReporter(logger: Logger): (event: RunEvent) => void {
  return (event) => {
    switch (event.type) {
      case 'start':
        for (const warning of event.warnings) logger.warn(warning);
        logger.info(
          `started pid ${event.pid}: ${describeCommand(event.command)}; ` +
            `limits: ${describeLimits(event)}`,
        );
        logger.debug(`launch chain: ${describeCommand(event.argv)}`);
        break;
      case 'near':
        logger.warn(`${event.near.message} (${Math.round(event.near.percent)}%)`);
        break;
      case 'verified':
        if (event.inForce) {
          logger.debug(
            `${LIMIT_LABELS[event.limit]} read back from the workload: ` +
              `in force (${event.mechanism})`,
          );
        } else {
          logger.error(
            `${LIMIT_LABELS[event.limit]} is NOT in force: ${event.mechanism} read-back disagrees`,
          );
        }
        break;
      case 'sample': {
        const { sample } = event;
        logger.debug(
          `sample ${formatDuration(sample.atMs)}: ${sample.processes.length} processes, ` +
            `RSS ${formatSize(sample.rssBytes)}, CPU ${formatDuration(sample.cpuMs)} ` +
            `(${Math.round(sample.cpuPercent)}%)`,
        );
        break;
      }
      case 'stopping':
        logger.info(`stopping: ${event.message}`);
        break;
      case 'warning':
        logger.warn(event.message);
        break;
      case 'leftovers':
        logger.info(`${event.count} processes outlived the workload's main process; stopping them`);
        break;
      case 'end': {
        const { outcome } = event;
        const usage = outcome.reason === 'spawn-error' ? '' : `; ${describeUsage(outcome)}`;
        const line = `${outcome.message}${usage}; exit ${outcome.exitCode}`;
        if (outcome.reason === 'exit' && outcome.exitCode === 0) logger.info(line);
        else logger.error(line);
        for (const hint of outcome.hints) logger.info(`hint: ${hint}`);
        break;
      }
    }
  };
}
