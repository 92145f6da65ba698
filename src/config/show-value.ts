// A setting's value written back the way users type it: `5s`, `512M`, `80%`.
import type { SettingSpec, Value } from './registry.ts';
import { formatDuration, formatSize } from './units.ts';

/** The value of `spec` as it would be typed on the command line. */
export function showValue(spec: SettingSpec, value: Value): string {
  if (spec.kind === 'size') return formatSize(Number(value));
  if (spec.kind === 'duration') return formatDuration(Number(value));
  if (spec.kind === 'percent') return `${value}%`;
  return Array.isArray(value) ? value.join(',') : String(value);
}
