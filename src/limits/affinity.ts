// CPU affinity (`taskset`): without a cgroup cpu controller, `--cpus N` pins the workload to
// ceil(N) cores. It bounds parallelism, not a fraction of a core, and the report says so.
import { readText } from './cgroup-fs.ts';
import { findTool } from './find-tool.ts';
import type { LimitName, Mechanism } from './mechanism.ts';

/** The cores `--cpus N` pins to: the first ceil(N) of those this process may use. */
export function pinnedCores(cores: number, allowed = allowedCores()): number[] {
  return allowed.slice(0, Math.max(1, Math.ceil(cores)));
}

/** The cores a process may run on, from its /proc status. */
function allowedCores(pid: number | 'self' = 'self'): number[] {
  const match = /^Cpus_allowed_list:\s*(.+)$/m.exec(readText(`/proc/${pid}/status`));
  return match ? parseCoreList(match[1]!) : [0];
}

/** The `Cpus_allowed_list` of a process, as a sorted list of core numbers. */
export function parseCoreList(text: string): number[] {
  const cores: number[] = [];
  for (const part of text.trim().split(',')) {
    const [from, to = from] = part.split('-').map(Number);
    if (from === undefined || to === undefined || Number.isNaN(from)) continue;
    for (let core = from; core <= to; core += 1) cores.push(core);
  }
  return cores;
}

export const affinityMechanism: Mechanism = {
  name: 'affinity',

  probe() {
    return findTool('taskset')
      ? { available: true, reason: 'taskset (util-linux) found: pins to whole cores' }
      : { available: false, reason: 'taskset (util-linux) is not installed' };
  },

  supports: (limit: LimitName) => limit === 'cpus',

  wrap(limits) {
    const cores = pinnedCores(limits.cpuCores ?? 1).join(',');
    return [findTool('taskset') ?? 'taskset', '--cpu-list', cores];
  },

  verify(pid, limits, chosen) {
    const expected = pinnedCores(limits.cpuCores ?? 1).join(',');
    const inForce = allowedCores(pid).join(',') === expected;
    return Object.fromEntries(chosen.map((limit) => [limit, inForce]));
  },
};
