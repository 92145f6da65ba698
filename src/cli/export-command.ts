// `ttsguard export <engine>`: renders the resolved settings for systemd, docker or
// Kubernetes on stdout, and names on stderr every limit the engine cannot hold.
import { resolve } from 'node:path';
import { InputError } from '../config/input-error.ts';
import type { SettingKey } from '../config/registry.ts';
import { type ResolveInput, resolveSettings } from '../config/resolve.ts';
import { ENGINES, type Engine } from '../export/export-types.ts';
import { describeNote } from '../export/gaps.ts';
import { renderExport } from '../export/render-export.ts';
import { decideShape, defaultName } from '../export/workload.ts';
import { EXIT } from '../supervise/outcome.ts';

/** Export's own options, as commander hands them over. */
export interface ExportOptions {
  format?: string;
  wrap?: boolean;
  name?: string;
  image?: string;
  service?: boolean;
  oneshot?: boolean;
}

/** The stand-in image name, said on stderr when --image is missing. */
const PLACEHOLDER_IMAGE = 'YOUR_TTS_IMAGE';

/** Prints the rendering; returns 0, or 125 when --strict meets an inexpressible limit. */
export async function exportCommand(
  engineName: string,
  command: string[],
  options: ExportOptions,
  typed: Pick<ResolveInput, 'flags' | 'configPath' | 'profile'>,
): Promise<number> {
  const engine = checkEngine(engineName);
  const format = checkFormat(engine, options.format);
  if (options.service && options.oneshot) {
    throw new InputError('--service and --oneshot: choose one of them');
  }
  if (options.wrap && options.oneshot) {
    throw new InputError('--wrap and --oneshot: --wrap runs ttsguard serve, a service');
  }
  const resolved = await resolveSettings({ cwd: process.cwd(), env: process.env, ...typed });
  const setKeys = new Set(
    Object.entries(resolved.sources)
      .filter(([, source]) => source.kind !== 'default')
      .map(([key]) => key as SettingKey),
  );
  const shape = decideShape(command, setKeys, {
    wrap: Boolean(options.wrap),
    service: Boolean(options.service),
    oneshot: Boolean(options.oneshot),
  });
  const rendered = renderExport(engine, {
    settings: resolved.settings,
    setKeys,
    command,
    shape,
    name: options.name ?? defaultName(command),
    image: options.image ?? PLACEHOLDER_IMAGE,
    format,
    // systemd starts ExecStart by path; in a container ttsguard is found on PATH.
    ttsguardPath: engine === 'systemd' ? resolve(process.argv[1] ?? 'ttsguard') : 'ttsguard',
    cwd: process.cwd(),
    path: process.env.PATH ?? '',
  });

  const lines = rendered.notes.map((note) => describeNote(engine, note));
  if (engine !== 'systemd' && options.image === undefined) {
    lines.push(`export ${engine}: no --image given; ${PLACEHOLDER_IMAGE} is a placeholder`);
  }
  lines.push(...rendered.warnings);
  for (const line of lines) process.stderr.write(`ttsguard: ${line}\n`);
  if (resolved.settings.strict && rendered.notes.length) {
    process.stderr.write(
      `ttsguard: export ${engine}: --strict: ${rendered.notes.length} limit(s) not expressible; ` +
        'nothing written\n',
    );
    return EXIT.usage;
  }
  process.stdout.write(rendered.text);
  return 0;
}

function checkEngine(name: string): Engine {
  if ((ENGINES as readonly string[]).includes(name)) return name as Engine;
  throw new InputError(
    `export: ${JSON.stringify(name)} is not an engine; use ${ENGINES.join(', ')}`,
  );
}

function checkFormat(engine: Engine, format: string | undefined): 'yaml' | 'json' {
  if (format === undefined) return 'yaml';
  if (format !== 'yaml' && format !== 'json') {
    throw new InputError(`--format: ${JSON.stringify(format)} is not yaml or json`);
  }
  if (engine !== 'k8s') throw new InputError(`--format: only k8s has a format, not ${engine}`);
  return format;
}
