// Words and figures shared by every reporter: limit names, values and mechanisms.
import { formatDuration, formatSize } from '../config/units.ts';
import type { StartEvent } from './events.ts';

/** The name users know a limit by (its flag without dashes). */
export const LIMIT_LABELS: Record<string, string> = {
  timeout: 'timeout',
  memory: 'memory',
  cpuTime: 'cpu-time',
  addressSpace: 'address-space',
  openFiles: 'open-files',
  fileSize: 'file-size',
  coreDumps: 'core-dumps',
  memoryHigh: 'memory-high',
  cpus: 'cpus',
  tasks: 'tasks',
};

/** A limit's value as typed: `512M`, `30s`, `1024`, `off`. */
export function describeLimitValue(limit: string, limits: StartEvent['limits']): string {
  switch (limit) {
    case 'timeout':
      return formatDuration(Number(limits.timeoutMs));
    case 'memory':
      return formatSize(Number(limits.memoryBytes));
    case 'cpuTime':
      return formatDuration(Number(limits.cpuTimeMs));
    case 'addressSpace':
      return formatSize(Number(limits.addressSpaceBytes));
    case 'fileSize':
      return formatSize(Number(limits.fileSizeBytes));
    case 'openFiles':
      return String(limits.openFiles);
    case 'coreDumps':
      return 'off';
    case 'memoryHigh':
      return formatSize(Number(limits.memoryHighBytes));
    case 'cpus':
      return String(limits.cpuCores);
    case 'tasks':
      return String(limits.tasks);
    default:
      return '?';
  }
}

/** `memory 512M by watchdog, cpu-time 1m by rlimit+watchdog`, or `none`. */
export function describeLimits(event: StartEvent): string {
  const parts = Object.entries(event.mechanismOf).map(
    ([limit, mechanism]) =>
      `${LIMIT_LABELS[limit] ?? limit} ${describeLimitValue(limit, event.limits)} by ${mechanism}`,
  );
  return parts.length ? parts.join(', ') : 'none';
}

/** A command line for display, quoting arguments that need it. */
export function describeCommand(argv: string[]): string {
  return argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
}
