// Per-process kernel limits, applied by `prlimit` in the launch chain and read back from
// /proc/<pid>/limits. rlimits never add up across a tree: each process gets its own.
import { readFileSync } from 'node:fs';
import { findTool } from './find-tool.ts';
import type { LimitName, LimitValues, Mechanism } from './mechanism.ts';

const SUPPORTED = new Set<LimitName>([
  'cpuTime',
  'addressSpace',
  'openFiles',
  'fileSize',
  'coreDumps',
]);

/** The row names /proc/<pid>/limits uses, per limit. */
const PROC_ROWS: Partial<Record<LimitName, string>> = {
  cpuTime: 'Max cpu time',
  addressSpace: 'Max address space',
  openFiles: 'Max open files',
  fileSize: 'Max file size',
  coreDumps: 'Max core file size',
};

/** RLIMIT_CPU is whole seconds: the soft limit rounds up, the hard one adds the grace. */
export function cpuSeconds(limits: LimitValues): { soft: number; hard: number } {
  const soft = Math.max(1, Math.ceil((limits.cpuTimeMs ?? 0) / 1000));
  return { soft, hard: soft + Math.max(1, Math.ceil(limits.killAfterMs / 1000)) };
}

/** The soft and hard values each limit should show in /proc/<pid>/limits. */
function expected(limit: LimitName, limits: LimitValues): [number, number] {
  switch (limit) {
    case 'cpuTime': {
      const { soft, hard } = cpuSeconds(limits);
      return [soft, hard];
    }
    case 'addressSpace':
      return [limits.addressSpaceBytes!, limits.addressSpaceBytes!];
    case 'openFiles':
      return [limits.openFiles!, limits.openFiles!];
    case 'fileSize':
      return [limits.fileSizeBytes!, limits.fileSizeBytes!];
    default:
      return [0, 0];
  }
}

const FLAGS: Partial<Record<LimitName, string>> = {
  cpuTime: '--cpu',
  addressSpace: '--as',
  openFiles: '--nofile',
  fileSize: '--fsize',
  coreDumps: '--core',
};

export const rlimitMechanism: Mechanism = {
  name: 'rlimit',

  probe() {
    return findTool('prlimit')
      ? { available: true, reason: 'prlimit (util-linux) found' }
      : { available: false, reason: 'prlimit (util-linux) is not installed' };
  },

  supports: (limit) => SUPPORTED.has(limit),

  wrap(limits, chosen) {
    const args = chosen.map((limit) => {
      const [soft, hard] = expected(limit, limits);
      return `${FLAGS[limit]}=${soft}:${hard}`;
    });
    return [findTool('prlimit') ?? 'prlimit', ...args, '--'];
  },

  verify(pid, limits, chosen) {
    const table = readLimits(pid);
    const result: Partial<Record<LimitName, boolean>> = {};
    for (const limit of chosen) {
      const row = table.get(PROC_ROWS[limit]!);
      const [soft, hard] = expected(limit, limits);
      result[limit] = row !== undefined && row[0] === soft && row[1] === hard;
    }
    return result;
  },
};

/** Parses /proc/<pid>/limits into soft/hard pairs by row name (unlimited = Infinity). */
export function readLimits(pid: number): Map<string, [number, number]> {
  const rows = new Map<string, [number, number]>();
  let text = '';
  try {
    text = readFileSync(`/proc/${pid}/limits`, 'latin1');
  } catch {
    return rows;
  }
  for (const line of text.split('\n').slice(1)) {
    const match = /^(.+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = (raw: string) => (raw === 'unlimited' ? Number.POSITIVE_INFINITY : Number(raw));
    rows.set(match[1]!, [value(match[2]!), value(match[3]!)]);
  }
  return rows;
}
