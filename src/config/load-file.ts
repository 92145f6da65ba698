// Reads the config file (cosmiconfig: JSON, YAML, package.json) and checks its shape (zod)
// before any value in it is parsed. Both libraries load only when there is a file.
import type { z } from 'zod';
import { findConfigFile } from './find-file.ts';
import { InputError } from './input-error.ts';
import { SETTING_KEYS } from './registry.ts';

/** Raw values of one layer, keyed by setting key, as found in the file. */
export type RawLayer = Record<string, unknown>;

/** What a config file holds once its shape is known to be right. */
export interface ConfigFile {
  path: string;
  values: RawLayer;
  profiles: Record<string, RawLayer>;
}

/** Loads `explicitPath`, or searches from `cwd` upwards; undefined when there is none. */
export async function loadConfigFile(
  cwd: string,
  env: NodeJS.ProcessEnv,
  explicitPath?: string,
): Promise<ConfigFile | undefined> {
  const path = explicitPath ?? findConfigFile(cwd, env);
  if (!path) return undefined;
  // cosmiconfig is CommonJS: once bundled, its exports may sit under `default`.
  const loaded = await import('cosmiconfig');
  const cosmiconfig =
    loaded.cosmiconfig ?? (loaded as unknown as { default: typeof loaded }).default.cosmiconfig;
  const explorer = cosmiconfig('ttsguard', { cache: false });
  let result: Awaited<ReturnType<typeof explorer.load>>;
  try {
    result = await explorer.load(path);
  } catch (error) {
    throw new InputError(describeLoadError(explicitPath, error));
  }
  if (!result || result.isEmpty) return { path, values: {}, profiles: {} };
  return checkShape(result.filepath, result.config, await import('zod'));
}

function fileSchema(zod: typeof z) {
  const scalar = zod.union([zod.string(), zod.number(), zod.boolean(), zod.array(zod.string())]);
  const layerShape = Object.fromEntries(SETTING_KEYS.map((key) => [key, scalar.optional()]));
  return zod.strictObject({
    ...layerShape,
    profiles: zod.record(zod.string(), zod.strictObject(layerShape)).optional(),
  });
}

function checkShape(path: string, config: unknown, zod: { z: typeof z }): ConfigFile {
  const parsed = fileSchema(zod.z).safeParse(config);
  if (!parsed.success) throw new InputError(`${path}: ${describeIssue(parsed.error.issues[0]!)}`);
  const { profiles = {}, ...values } = parsed.data;
  return { path, values, profiles: profiles as Record<string, RawLayer> };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const prefix = where ? `${where}.` : '';
    const keys = issue.keys.map((key) => `"${prefix}${key}"`).join(', ');
    return `unknown key ${keys} (known keys: ${SETTING_KEYS.join(', ')}, profiles)`;
  }
  if (issue.code === 'invalid_type' && issue.path.length === 0) {
    return 'the file must hold an object of settings';
  }
  if (where === 'profiles' || (issue.path[0] === 'profiles' && issue.path.length === 2)) {
    return `key "${where}" must be an object of settings`;
  }
  return `key "${where}" must be a string, number, boolean or list of strings`;
}

function describeLoadError(explicitPath: string | undefined, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (explicitPath && code === 'ENOENT') return `--config: ${explicitPath}: no such file`;
  if (explicitPath && code === 'EISDIR') return `--config: ${explicitPath}: is a directory`;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0]!.trim();
  return `config file${explicitPath ? ` ${explicitPath}` : ''}: cannot be parsed: ${firstLine}`;
}
