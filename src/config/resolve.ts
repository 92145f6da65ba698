// Merges the layers (defaults < file < profile < environment < flags) into one Settings
// object and remembers where each value came from.
import { InputError, type Source } from './input-error.ts';
import { type ConfigFile, loadConfigFile, type RawLayer } from './load-file.ts';
import { parseValue } from './parse-value.ts';
import { envName, type SettingKey, type Settings, SPECS, type Value } from './registry.ts';

/** What the CLI hands over: raw flag values and the process context. */
export interface ResolveInput {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Raw flag values by setting key (strings as typed, `true` for bare booleans). */
  flags: Partial<Record<SettingKey, string | boolean | string[]>>;
  configPath?: string;
  profile?: string;
}

/** The outcome of resolution: settings, and the source of every value that is set. */
export interface Resolved {
  settings: Settings;
  sources: Partial<Record<SettingKey, Source>>;
  configFile?: string;
  profile?: string;
}

/** Loads the config file and merges all layers; throws InputError on any bad value. */
export async function resolveSettings(input: ResolveInput): Promise<Resolved> {
  const configPath = input.configPath ?? nonEmpty(input.env.TTSGUARD_CONFIG);
  const file = await loadConfigFile(input.cwd, input.env, configPath);
  const profile = input.profile ?? nonEmpty(input.env.TTSGUARD_PROFILE);
  const values: Partial<Record<SettingKey, Value>> = {};
  const sources: Partial<Record<SettingKey, Source>> = {};
  const apply = (layer: RawLayer, source: Source) => {
    for (const spec of SPECS) {
      if (layer[spec.key] === undefined) continue;
      values[spec.key] = parseValue(spec, layer[spec.key], source);
      sources[spec.key] = source;
    }
  };

  for (const spec of SPECS) {
    if (spec.defaultValue === undefined) continue;
    values[spec.key] = spec.defaultValue;
    sources[spec.key] = { kind: 'default' };
  }
  if (file) apply(file.values, { kind: 'file', path: file.path });
  if (profile) apply(profileLayer(file, profile), profileSource(file, profile));
  for (const spec of SPECS) {
    const name = envName(spec.key);
    const raw = input.env[name];
    if (raw !== undefined && raw !== '') apply({ [spec.key]: raw }, { kind: 'env', name });
  }
  for (const spec of SPECS) {
    const raw = input.flags[spec.key];
    if (raw !== undefined) apply({ [spec.key]: raw }, { kind: 'flag', name: spec.flag });
  }

  const settings = toSettings(values);
  checkConsistency(settings);
  return { settings, sources, configFile: file?.path, profile };
}

function profileLayer(file: ConfigFile | undefined, name: string): RawLayer {
  const layer = file?.profiles[name];
  if (layer) return layer;
  const known = Object.keys(file?.profiles ?? {});
  const where = file ? `in ${file.path}` : '(no config file was found)';
  const list = known.length ? `; known profiles: ${known.join(', ')}` : '';
  throw new InputError(`--profile: no profile "${name}" ${where}${list}`);
}

function profileSource(file: ConfigFile | undefined, name: string): Source {
  return { kind: 'profile', name, path: file?.path ?? '' };
}

function toSettings(values: Partial<Record<SettingKey, Value>>): Settings {
  const settings: Record<string, Value> = {};
  for (const spec of SPECS) {
    const value = values[spec.key];
    if (value !== undefined) settings[spec.field] = value;
  }
  return settings as unknown as Settings;
}

function checkConsistency(settings: Settings): void {
  if (settings.quiet && settings.verbose) {
    throw new InputError('--quiet and --verbose: choose one of them');
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The built-in defaults with `overrides` on top, for runs that read no config (the demo). */
export function defaultSettings(overrides: Partial<Settings>): Settings {
  const values: Partial<Record<SettingKey, Value>> = {};
  for (const spec of SPECS)
    if (spec.defaultValue !== undefined) values[spec.key] = spec.defaultValue;
  return { ...toSettings(values), ...overrides };
}
