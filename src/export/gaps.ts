// Sorts the settings that were set into what the engine holds, what it cannot hold (a note
// on stderr), and, with --wrap, what is handed to `ttsguard serve` inside the engine.
import { type SettingKey, SPECS } from '../config/registry.ts';
import { mappingOf } from './coverage.ts';
import type { Engine, ExportRequest, Note } from './export-types.ts';

/** Settings serve does not read, and export's own --strict: never handed on. */
const NOT_CARRIED: ReadonlySet<SettingKey> = new Set([
  'expectWav',
  'jsonSummary',
  'preserveStatus',
  'strict',
]);

/** The notes for what `engine` cannot hold, and the keys --wrap hands to serve. */
export function findGaps(
  engine: Engine,
  request: Pick<ExportRequest, 'setKeys' | 'shape'>,
): { notes: Note[]; carried: SettingKey[] } {
  const notes: Note[] = [];
  const carried: SettingKey[] = [];
  for (const spec of SPECS) {
    if (!request.setKeys.has(spec.key) || spec.key === 'strict') continue;
    const mapping = mappingOf(engine, spec.key, request.shape);
    const wrapped = request.shape === 'wrapped' && !NOT_CARRIED.has(spec.key);
    // What the engine holds in part stays a note, except the tree total of --cpu-time,
    // which is exactly the part ttsguard adds.
    const handOn = spec.scope === 'serve' || 'no' in mapping || spec.key === 'cpuTime';
    if (wrapped && handOn) carried.push(spec.key);
    else if ('no' in mapping) notes.push({ flag: spec.flag, partly: false, why: mapping.no });
    else if (mapping.partly) notes.push({ flag: spec.flag, partly: true, why: mapping.partly });
  }
  return { notes, carried };
}

/** The stderr line of one note. */
export function describeNote(engine: Engine, note: Note): string {
  const what = note.partly ? 'is only partly expressible' : 'is not expressible';
  return `export ${engine}: ${note.flag} ${what}: ${note.why}`;
}
