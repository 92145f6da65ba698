// `ttsguard report FILE…`: the figures of one or many records, as text, JSON or a page.
import { writeFileSync } from 'node:fs';
import { InputError } from '../config/input-error.ts';
import { readRecords } from '../insight/read-records.ts';
import { buildReport } from '../insight/report-figures.ts';
import { Logger } from '../report/logger.ts';

/** What `report` was asked for. */
export interface ReportOptions {
  html?: string;
  json?: boolean;
}

/** Prints the report (and writes the page); returns the exit code. */
export async function reportCommand(files: string[], options: ReportOptions): Promise<number> {
  const read = readRecords(files);
  const figures = buildReport(read);
  const logger = new Logger(process.stderr, 'normal');
  for (const problem of read.problems) logger.warn(problem);
  if (options.html) {
    const { renderHtmlReport } = await import('../report/html-report.ts');
    try {
      writeFileSync(options.html, renderHtmlReport(figures, read.runs));
    } catch (error) {
      throw new InputError(`--html: cannot write ${options.html}: ${(error as Error).message}`);
    }
    logger.info(`wrote ${options.html}`);
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } else if (!options.html) {
    const { renderReportText } = await import('../report/report-text.ts');
    process.stdout.write(renderReportText(figures, read.runs));
  }
  return 0;
}
