// systemd-run --scope: where systemd is the init system, the workload runs in a transient
// scope unit that carries its limits. `--user` scopes only hold the controllers delegated
// to the user, and say nothing when one is not: every limit is read back from the scope.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupsOf, readHierarchies, readText } from './cgroup-fs.ts';
import { sameSize } from './cgroup-placement.ts';
import { findTool } from './find-tool.ts';
import type { Availability, LimitName, LimitValues, Mechanism } from './mechanism.ts';

const SUPPORTED = new Set<LimitName>(['memory', 'memoryHigh', 'cpus', 'tasks']);

/** What `systemd-run` needs to know besides the limits. */
export interface ScopeOptions {
  systemdRun: string;
  /** A user manager's scope (when not root). */
  user: boolean;
  unit: string;
}

/** Whether systemd is the init system: /run/systemd/system exists and PID 1 is systemd. */
export function isSystemdInit(
  runDir = '/run/systemd/system',
  pid1Comm = readText('/proc/1/comm').trim(),
): boolean {
  return existsSync(runDir) && pid1Comm === 'systemd';
}

/** The whole percent of one core that CPUQuota= is given for `cores` (at least 1%). */
export function scopeCpuPercent(cores: number): number {
  return Math.max(1, Math.round(cores * 100));
}

/** The period systemd writes into cpu.max when CPUQuotaPeriodSec= is not set: 100 ms. */
const SYSTEMD_PERIOD_US = 100_000;

/**
 * The cpu.max systemd makes of the CPUQuota= written for `cores`: the percent is µs of CPU per
 * second (1% = 10 ms/s), scaled to its 100 ms period, so 0.333 cores reads "33000 100000".
 */
export function scopeCpuMax(cores: number): string {
  const perSecondUs = scopeCpuPercent(cores) * 10_000;
  return `${Math.floor((perSecondUs * SYSTEMD_PERIOD_US) / 1_000_000)} ${SYSTEMD_PERIOD_US}`;
}

/** The `systemd-run --scope` prefix that applies `chosen` (and a run-time backstop). */
export function buildScopeCommand(
  limits: LimitValues,
  chosen: LimitName[],
  options: ScopeOptions,
): string[] {
  const argv = [options.systemdRun, '--scope', '--quiet', '--collect', `--unit=${options.unit}`];
  if (options.user) argv.splice(1, 0, '--user');
  const property = (value: string) => argv.push('-p', value);
  for (const limit of chosen) {
    if (limit === 'memory') {
      property(`MemoryMax=${limits.memoryBytes}`);
      property('MemorySwapMax=0');
    }
    if (limit === 'memoryHigh') property(`MemoryHigh=${limits.memoryHighBytes}`);
    if (limit === 'cpus') property(`CPUQuota=${scopeCpuPercent(limits.cpuCores!)}%`);
    if (limit === 'tasks') property(`TasksMax=${limits.tasks}`);
  }
  // ttsguard's own timer stops the workload; this only ends the scope if ttsguard cannot.
  if (limits.timeoutMs !== undefined) {
    const seconds = Math.ceil((limits.timeoutMs + limits.killAfterMs) / 1000) + 5;
    property(`RuntimeMaxSec=${seconds}`);
  }
  argv.push('--');
  return argv;
}

/** Reads one limit from the scope's v2 directory; true when the value is the one asked for. */
function readBack(limit: LimitName, directory: string, limits: LimitValues): boolean {
  const read = (name: string) => readText(join(directory, name)).trim();
  switch (limit) {
    case 'memory':
      return sameSize(read('memory.max'), limits.memoryBytes!);
    case 'memoryHigh':
      return sameSize(read('memory.high'), limits.memoryHighBytes!);
    case 'cpus':
      return read('cpu.max') === scopeCpuMax(limits.cpuCores!);
    case 'tasks':
      return read('pids.max') === String(limits.tasks);
    default:
      return false;
  }
}

let scopeCount = 0;

export const systemdScopeMechanism: Mechanism = {
  name: 'systemd',

  probe(): Availability {
    if (!isSystemdInit()) {
      return { available: false, reason: 'systemd is not the init system (PID 1) here' };
    }
    if (!findTool('systemd-run')) return { available: false, reason: 'systemd-run is missing' };
    const user = process.getuid?.() !== 0;
    return { available: true, reason: user ? 'systemd-run --user --scope' : 'systemd-run --scope' };
  },

  supports: (limit) => SUPPORTED.has(limit),

  wrap(limits, chosen) {
    scopeCount += 1;
    return buildScopeCommand(limits, chosen, {
      systemdRun: findTool('systemd-run') ?? 'systemd-run',
      user: process.getuid?.() !== 0,
      unit: `ttsguard-${process.pid}-${scopeCount}.scope`,
    });
  },

  verify(pid, limits, chosen) {
    const unified = readHierarchies().find((h) => h.version === 2);
    const [directory] = unified ? cgroupsOf(pid, [unified]) : [];
    const result: Partial<Record<LimitName, boolean>> = {};
    for (const limit of chosen) {
      result[limit] = directory !== undefined && readBack(limit, directory, limits);
    }
    return result;
  },
};
