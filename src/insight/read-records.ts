// Reads record files back into runs. It forgives what a hard stop leaves behind: a last
// line cut short (only a `kill -9` in mid-write can do that) and a run without its outcome.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../config/input-error.ts';
import type {
  EventLine,
  HeaderLine,
  OutcomeLine,
  RecordLine,
  SampleLine,
} from '../record/record-lines.ts';
import { RECORD_FORMAT } from '../record/record-lines.ts';

/** One run as a record holds it. */
export interface RecordedRun {
  file: string;
  header: HeaderLine;
  samples: SampleLine[];
  events: EventLine[];
  outcome?: OutcomeLine['outcome'];
}

/** The runs of some records, and what was skipped on the way. */
export interface ReadResult {
  runs: RecordedRun[];
  problems: string[];
}

/** Reads every run of `paths` (record files, or folders of `*.jsonl` records). */
export function readRecords(paths: string[]): ReadResult {
  const result: ReadResult = { runs: [], problems: [] };
  for (const file of expand(paths)) readOne(file, result);
  if (result.runs.length === 0) {
    throw new InputError(`no runs found in ${paths.map((p) => JSON.stringify(p)).join(', ')}`);
  }
  return result;
}

function expand(paths: string[]): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      throw new InputError(`${JSON.stringify(path)}: no such record file or folder`);
    }
    if (!isFolder) files.push(path);
    else {
      const names = readdirSync(path).filter((name) => name.endsWith('.jsonl'));
      files.push(...names.sort().map((name) => join(path, name)));
    }
  }
  return files;
}

function readOne(file: string, result: ReadResult): void {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  // A complete file ends in a newline, so its last piece is empty; anything else there is
  // a line whose writer was killed before it finished.
  const last = lines.pop();
  if (last) result.problems.push(`${file}: the last line is incomplete; it was left out`);
  let run: RecordedRun | undefined;
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    const line = parseLine(text);
    if (!line) {
      result.problems.push(`${file}:${index + 1}: not a record line; left out`);
      return;
    }
    if (line.kind === 'header') {
      if (line.format !== RECORD_FORMAT) {
        throw new InputError(
          `${file}:${index + 1}: unknown record format ${JSON.stringify(line.format)}`,
        );
      }
      run = { file, header: line, samples: [], events: [] };
      result.runs.push(run);
    } else if (!run) {
      result.problems.push(`${file}:${index + 1}: a line before any header; left out`);
    } else if (line.kind === 'sample') run.samples.push(line);
    else if (line.kind === 'event') run.events.push(line);
    else if (line.kind === 'outcome') run.outcome = line.outcome;
  });
  if (!lines.some((line) => line.trim() !== '')) {
    result.problems.push(`${file}: empty record`);
  }
}

function parseLine(text: string): RecordLine | undefined {
  try {
    const value = JSON.parse(text) as RecordLine;
    const kinds = ['header', 'sample', 'event', 'outcome'];
    return value && typeof value === 'object' && kinds.includes(value.kind) ? value : undefined;
  } catch {
    return undefined;
  }
}
