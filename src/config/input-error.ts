// The one error type for bad input: it names where the value came from, the value, and
// the accepted form, and always maps to exit code 125.

/** Where a setting's value came from, for messages and `ttsguard config`. */
export type Source =
  | { kind: 'default' }
  | { kind: 'file'; path: string }
  | { kind: 'profile'; name: string; path: string }
  | { kind: 'env'; name: string }
  | { kind: 'flag'; name: string };

/** Bad input from a flag, file, profile or environment variable. */
export class InputError extends Error {
  override readonly name = 'InputError';
}

/** Describes a source the way error messages and `ttsguard config` show it. */
export function describeSource(source: Source, key?: string): string {
  switch (source.kind) {
    case 'default':
      return 'default';
    case 'file':
      return key ? `${source.path}, key "${key}"` : source.path;
    case 'profile':
      return `${source.path}, profile "${source.name}"${key ? `, key "${key}"` : ''}`;
    case 'env':
      return `environment ${source.name}`;
    case 'flag':
      return source.name;
  }
}

/** Builds the standard message: `<source>: <value> is not <accepted form>`. */
export function badValue(source: Source, key: string, value: unknown, form: string): InputError {
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return new InputError(`${describeSource(source, key)}: ${shown} is not ${form}`);
}
