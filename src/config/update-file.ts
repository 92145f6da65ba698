// Sets a few top-level keys of the user's config file in place and keeps the rest as it
// is: other keys and their order in JSON, and also comments and layout in YAML (through
// the yaml package's Document API). package.json is changed under its "ttsguard" key.
// Only `suggest --write` imports this file, so yaml loads with that command alone.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseDocument } from 'yaml';
import { InputError } from './input-error.ts';

/** One key's change. */
export interface KeyChange {
  key: string;
  before: unknown;
  after: string;
}

/** The new text of a config file, and what changed in it. */
export interface PlannedUpdate {
  path: string;
  text: string;
  changes: KeyChange[];
}

/** Works out the new text of `path` with `values` set; nothing is written yet. */
export async function planConfigUpdate(
  path: string,
  values: Record<string, string>,
): Promise<PlannedUpdate> {
  let original: string;
  try {
    original = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`--write: cannot read ${path}: ${(error as Error).message}`);
  }
  const isJson = /\.json$/i.test(path) || (!/\.ya?ml$/i.test(path) && /^\s*\{/.test(original));
  return isJson ? updateJson(path, original, values) : updateYaml(path, original, values);
}

/** Writes the planned text over the file, atomically, keeping its permissions. */
export function writeConfigUpdate(update: PlannedUpdate): void {
  const temporary = `${update.path}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, update.text, { mode: statSync(update.path).mode & 0o7777 });
    renameSync(temporary, update.path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(`--write: cannot write ${update.path}: ${(error as Error).message}`);
  }
}

function updateJson(path: string, original: string, values: Record<string, string>) {
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(original) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`--write: ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(document)) throw new InputError(`--write: ${path} does not hold an object`);
  const isManifest = basename(path) === 'package.json';
  if (isManifest && !isObject(document.ttsguard)) document.ttsguard = {};
  const target = (isManifest ? document.ttsguard : document) as Record<string, unknown>;
  const changes: KeyChange[] = [];
  for (const [key, after] of Object.entries(values)) {
    changes.push({ key, before: target[key], after });
    target[key] = after;
  }
  const indent = /^[ \t]+(?=")/m.exec(original)?.[0] ?? '  ';
  return { path, text: `${JSON.stringify(document, null, indent)}\n`, changes };
}

function updateYaml(path: string, original: string, values: Record<string, string>) {
  const document = parseDocument(original);
  if (document.errors.length > 0) {
    throw new InputError(`--write: ${path} is not valid YAML: ${document.errors[0]!.message}`);
  }
  const changes: KeyChange[] = [];
  for (const [key, after] of Object.entries(values)) {
    changes.push({ key, before: document.get(key), after });
    document.set(key, after);
  }
  return { path, text: document.toString(), changes };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
