// What `run` does besides reporting to the terminal: the record, the alert command and the
// metrics textfile. Each loads only when its setting is given, and each is checked before
// the workload starts, so a bad path is exit 125 and not a lost record.
import type { Settings } from '../config/registry.ts';
import { combineObservers } from '../report/combine-observers.ts';
import type { RunObserver } from '../report/events.ts';
import type { Logger } from '../report/logger.ts';

/** The extra observers of one run, and what to wait for once it has ended. */
export interface RunExtras {
  observe: RunObserver;
  /** The record writer, for commands that add their own events (`serve`). */
  recordEvent: (event: string, fields?: Record<string, unknown>) => void;
  /** Waits for running alert commands, so that their lines come before the outcome. */
  finish: () => Promise<void>;
  /** Removes a record that nothing was written to (the run was refused before it started). */
  abandon: () => void;
}

/** Opens the record, prepares alerts and metrics; InputError when a path is unusable. */
export async function openRunExtras(
  settings: Settings,
  command: string[],
  logger: Logger,
): Promise<RunExtras> {
  const report = (message: string) => logger.error(message);
  const record = settings.recordPath
    ? await import('../record/record-writer.ts').then(async ({ RecordWriter }) => {
        const { openRecordFile } = await import('../record/record-file.ts');
        const file = openRecordFile(settings.recordPath!);
        return new RecordWriter(file, { command, settings, onError: report });
      })
    : undefined;
  const recordEvent = (event: string, fields?: Record<string, unknown>) =>
    record?.recordEvent(event, fields);

  let metrics: RunObserver | undefined;
  if (settings.metricsTextfile) {
    const { checkTextfilePath, MetricsTextfile } = await import('../metrics/metrics-textfile.ts');
    checkTextfilePath(settings.metricsTextfile);
    metrics = new MetricsTextfile(
      settings.metricsTextfile,
      settings.metricsIntervalMs,
      command,
      report,
    ).observe;
  }

  const alerts = settings.onAlert
    ? new (await import('../alert/alert-runner.ts')).AlertRunner(
        settings.onAlert,
        { pid: null, command, recordPath: record?.path },
        {
          onFailure: (message) => logger.warn(message),
          onResult: (result) => recordEvent('alert', { ...result }),
        },
      )
    : undefined;

  if (record) logger.debug(`recording to ${record.path}`);
  return {
    observe: combineObservers(record?.observe, alerts?.observe, metrics),
    recordEvent,
    finish: async () => {
      await alerts?.settled();
    },
    abandon: () => record?.abandon(),
  };
}
