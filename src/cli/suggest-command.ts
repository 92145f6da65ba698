// `ttsguard suggest FILE…`: limits worked out from records, with their evidence, and with
// `--write` set in the user's config file after the change has been shown.
import { findConfigFile } from '../config/find-file.ts';
import { InputError } from '../config/input-error.ts';
import { formatDuration, formatSize } from '../config/units.ts';
import { planConfigUpdate, writeConfigUpdate } from '../config/update-file.ts';
import { readRecords } from '../insight/read-records.ts';
import { type Suggestion, suggestLimits } from '../insight/suggest-limits.ts';
import { LIMIT_LABELS } from '../report/describe.ts';
import { Logger } from '../report/logger.ts';

/** What `suggest` was asked for. */
export interface SuggestOptions {
  json?: boolean;
  write?: boolean;
  config?: string;
}

/** Prints the suggestions, and writes them when asked; returns the exit code. */
export async function suggestCommand(files: string[], options: SuggestOptions): Promise<number> {
  const read = readRecords(files);
  const logger = new Logger(process.stderr, 'normal');
  for (const problem of read.problems) logger.warn(problem);
  const result = suggestLimits(read.runs);
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    for (const suggestion of result.suggestions) {
      process.stdout.write(`${describeSuggestion(suggestion)}\n`);
    }
    for (const warning of result.warnings) process.stdout.write(`warning: ${warning}\n`);
  }
  if (!options.write) return 0;
  if (result.suggestions.length === 0) throw new InputError('--write: there is nothing to write');

  const path =
    options.config || process.env.TTSGUARD_CONFIG || findConfigFile(process.cwd(), process.env);
  if (!path) {
    throw new InputError(
      '--write: no config file found from this folder; name one with --config FILE',
    );
  }
  const values = Object.fromEntries(result.suggestions.map((s) => [s.key, s.typed]));
  const update = await planConfigUpdate(path, values);
  const changed = update.changes.filter((change) => String(change.before) !== change.after);
  const out = options.json ? process.stderr : process.stdout;
  out.write(`${path}:\n`);
  for (const change of update.changes) {
    const before = change.before === undefined ? '(unset)' : String(change.before);
    out.write(`  ${change.key}: ${before} -> ${change.after}\n`);
  }
  if (changed.length === 0) out.write('  nothing to change\n');
  else writeConfigUpdate(update);
  return 0;
}

function describeSuggestion(s: Suggestion): string {
  const show = s.unit === 'bytes' ? formatSize : formatDuration;
  const { evidence } = s;
  return (
    `${(LIMIT_LABELS[s.key] ?? s.key).padEnd(9)} ${s.typed.padStart(7)}   ` +
    `p${evidence.percentile} of ${evidence.runs} run${evidence.runs === 1 ? '' : 's'} ` +
    `${show(evidence.atPercentile)} (max ${show(evidence.max)}) ` +
    `+ ${evidence.headroomPercent}% headroom`
  );
}
