// The `ttsguard serve` command line that --wrap puts inside the engine: the settings handed
// on, written back as flags that parse to the same values, then `--` and the command.
import { type SettingKey, type Settings, specOf } from '../config/registry.ts';
import { exactSize } from './quantities.ts';

/** `<ttsguard> serve <flags…> -- <command…>`. */
export function serveCommandLine(
  ttsguard: string,
  settings: Settings,
  carried: readonly SettingKey[],
  command: readonly string[],
): string[] {
  return [ttsguard, 'serve', ...carried.flatMap((key) => flagsOf(key, settings)), '--', ...command];
}

function flagsOf(key: SettingKey, settings: Settings): string[] {
  const spec = specOf(key);
  const value = settings[spec.field];
  if (value === undefined || value === false) return [];
  if (value === true) return [spec.flag];
  if (Array.isArray(value)) {
    if (spec.kind === 'names') return [spec.flag, value.join(',')];
    return value.flatMap((item) => [spec.flag, item]);
  }
  return [spec.flag, written(spec.kind, value)];
}

function written(kind: string, value: string | number): string {
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'size':
      return exactSize(value);
    case 'duration':
      return exactDuration(value);
    case 'percent':
      return `${value}%`;
    case 'rate':
      return `${value}/s`;
    default:
      return String(value);
  }
}

/** Milliseconds in the largest unit ttsguard parses that divides them: `90s`, `2m`, `750ms`. */
function exactDuration(ms: number): string {
  const units: Array<[string, number]> = [
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ];
  const unit = units.find(([, factor]) => ms % factor === 0);
  return unit ? `${ms / unit[1]}${unit[0]}` : `${ms}ms`;
}
