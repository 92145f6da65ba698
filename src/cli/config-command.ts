// `ttsguard config`: the effective settings and where each one came from.
import { describeSource } from '../config/input-error.ts';
import { SPECS, type Value } from '../config/registry.ts';
import { type ResolveInput, resolveSettings } from '../config/resolve.ts';
import { showValue } from '../config/show-value.ts';

/** Prints the settings to stdout (as text or JSON); returns the exit code. */
export async function configCommand(
  typed: Pick<ResolveInput, 'flags' | 'configPath' | 'profile'>,
  json: boolean,
): Promise<number> {
  const resolved = await resolveSettings({ cwd: process.cwd(), env: process.env, ...typed });
  const rows = SPECS.map((spec) => {
    const value = resolved.settings[spec.field];
    const source = resolved.sources[spec.key];
    return {
      key: spec.key,
      value: value ?? null,
      shown: value === undefined ? 'unset' : showValue(spec, value as Value),
      source: source ? describeSource(source, spec.key) : 'unset',
    };
  });
  if (json) {
    const settings = Object.fromEntries(rows.map((row) => [row.key, row.value]));
    const sources = Object.fromEntries(rows.map((row) => [row.key, row.source]));
    const document = {
      configFile: resolved.configFile ?? null,
      profile: resolved.profile ?? null,
      settings,
      sources,
    };
    process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...rows.map((row) => row.key.length));
  const valueWidth = Math.max(...rows.map((row) => row.shown.length));
  process.stdout.write(`config file: ${resolved.configFile ?? 'none found'}\n`);
  process.stdout.write(`profile: ${resolved.profile ?? 'none'}\n`);
  for (const row of rows) {
    process.stdout.write(
      `${row.key.padEnd(width)}  ${row.shown.padEnd(valueWidth)}  ${row.source}\n`,
    );
  }
  return 0;
}
