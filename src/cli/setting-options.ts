// Registers every setting of the registry as a flag on a command, and reads back the
// values that were really typed on the command line.
import type { Command } from 'commander';
import { flagSyntax, type SettingKey, type SettingSpec, SPECS } from '../config/registry.ts';
import type { ResolveInput } from '../config/resolve.ts';
import { showValue } from '../config/show-value.ts';

/** Adds the setting flags plus --config and --profile; serve's own only when `withServe`. */
export function addSettingOptions(command: Command, withServe = false): Command {
  for (const spec of SPECS) {
    if (spec.scope === 'serve' && !withServe) continue;
    const describe = withDefault(spec);
    if (spec.kind === 'list') command.option(flagSyntax(spec), describe, collect);
    else command.option(flagSyntax(spec), describe);
  }
  command.option('--config <FILE>', 'read settings from FILE instead of searching for one');
  command.option('--profile <NAME>', 'apply the named profile of the config file');
  return command;
}

/** The flags given on the command line (not defaults), by setting key. */
export function typedFlags(
  command: Command,
): Pick<ResolveInput, 'flags' | 'configPath' | 'profile'> {
  const options = command.opts<Record<string, string | boolean | string[]>>();
  const flags: ResolveInput['flags'] = {};
  for (const spec of SPECS) {
    const key: SettingKey = spec.key;
    if (command.getOptionValueSource(key) === 'cli') flags[key] = options[key];
  }
  return {
    flags,
    configPath: options.config as string | undefined,
    profile: options.profile as string | undefined,
  };
}

/** The description with its default as typed, `(default: 5s)`; a boolean that is off, none. */
function withDefault(spec: SettingSpec): string {
  const value = spec.defaultValue;
  if (value === undefined || value === false || Array.isArray(value)) return spec.describe;
  return `${spec.describe} (default: ${showValue(spec, value)})`;
}

/** Gathers a repeatable flag's values in the order typed (commander's reducer). */
function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
