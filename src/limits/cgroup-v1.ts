// cgroup v1: one directory per hierarchy (memory, cpu, pids), each created under the cgroup
// ttsguard itself runs in there. Still what many hosts and CI runners have.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  cgroupsOf,
  directoryOf,
  type Hierarchy,
  readHierarchies,
  readOwnCgroups,
  removeCgroups,
  removeUnused,
  workloadCgroupName,
  writeAndReadBack,
} from './cgroup-fs.ts';
import { cgroupPlacement, sameSize } from './cgroup-placement.ts';
import { forLimit } from './kernel-refusal.ts';
import type { Availability, LimitName, LimitValues, Mechanism, Placement } from './mechanism.ts';

/** The v1 controller each limit needs. */
const CONTROLLER: Partial<Record<LimitName, string>> = {
  memory: 'memory',
  cpus: 'cpu',
  tasks: 'pids',
};

/** The CFS period ttsguard writes; the quota is this times the cores. */
export const CFS_PERIOD_US = 100_000;

interface Parent {
  hierarchy: Hierarchy;
  directory: string;
}

let probed: { parents: Map<string, Parent>; reasons: string[] } | undefined;

/** The writable parent directory of each usable controller (probed once by mkdir/rmdir). */
function probeParents(): { parents: Map<string, Parent>; reasons: string[] } {
  if (probed) return probed;
  const parents = new Map<string, Parent>();
  const reasons: string[] = [];
  const hierarchies = readHierarchies().filter((h) => h.version === 1);
  const own = readOwnCgroups();
  for (const controller of new Set(Object.values(CONTROLLER))) {
    const hierarchy = hierarchies.find((h) => h.controllers.includes(controller));
    const path = own.get(controller);
    const directory = hierarchy && path !== undefined ? directoryOf(hierarchy, path) : undefined;
    if (!hierarchy || !directory) {
      reasons.push(`no v1 ${controller} hierarchy is mounted`);
      continue;
    }
    const problem = tryCreate(directory);
    if (problem) reasons.push(`${controller}: ${problem}`);
    else parents.set(controller, { hierarchy, directory });
  }
  probed = { parents, reasons };
  return probed;
}

function tryCreate(parent: string): string | undefined {
  const test = join(parent, `${workloadCgroupName()}-probe`);
  try {
    mkdirSync(test);
  } catch (error) {
    return `cannot create a cgroup in ${parent} (${(error as NodeJS.ErrnoException).code})`;
  }
  void removeCgroups([test]);
  return undefined;
}

/** Writes one limit into its directory and reads it back. */
function writeLimit(limit: LimitName, directory: string, limits: LimitValues): boolean {
  switch (limit) {
    case 'memory': {
      const bytes = String(limits.memoryBytes);
      const ok = sameSize(
        writeAndReadBack(join(directory, 'memory.limit_in_bytes'), bytes),
        limits.memoryBytes!,
      );
      // The memory+swap ceiling equal to the memory one keeps the workload out of swap.
      const memsw = join(directory, 'memory.memsw.limit_in_bytes');
      if (!existsSync(memsw)) return ok;
      return ok && sameSize(writeAndReadBack(memsw, bytes), limits.memoryBytes!);
    }
    case 'cpus': {
      const period = writeAndReadBack(join(directory, 'cpu.cfs_period_us'), String(CFS_PERIOD_US));
      const quota = String(quotaMicros(limits.cpuCores!));
      const written = writeAndReadBack(join(directory, 'cpu.cfs_quota_us'), quota);
      return period === String(CFS_PERIOD_US) && written === quota;
    }
    case 'tasks':
      return (
        writeAndReadBack(join(directory, 'pids.max'), String(limits.tasks)) === String(limits.tasks)
      );
    default:
      return false;
  }
}

/** The CFS quota for `cores` cores per period (at least the kernel's 1 ms minimum). */
export function quotaMicros(cores: number): number {
  return Math.max(1000, Math.round(cores * CFS_PERIOD_US));
}

export const cgroupV1Mechanism: Mechanism = {
  name: 'cgroup-v1',

  probe(): Availability {
    const { parents, reasons } = probeParents();
    if (parents.size === 0) return { available: false, reason: reasons.join('; ') };
    const held = [...parents].map(([controller, parent]) => `${controller} in ${parent.directory}`);
    const missing = reasons.length ? ` (not: ${reasons.join('; ')})` : '';
    return { available: true, reason: `writable: ${held.join(', ')}${missing}` };
  },

  supports(limit) {
    const controller = CONTROLLER[limit];
    return controller !== undefined && probeParents().parents.has(controller);
  },

  wrap: () => [],

  prepare(limits, chosen): Placement {
    const { parents } = probeParents();
    const name = workloadCgroupName();
    const directories = new Map<string, string>();
    const written: Partial<Record<LimitName, boolean>> = {};
    try {
      for (const limit of chosen) {
        const controller = CONTROLLER[limit]!;
        let directory = directories.get(controller);
        if (!directory) {
          directory = join(parents.get(controller)!.directory, name);
          mkdirSync(directory);
          directories.set(controller, directory);
        }
        written[limit] = forLimit(limit, () => writeLimit(limit, directory!, limits));
      }
    } catch (error) {
      // Nothing has been placed in them yet, so they are empty and go at once.
      removeUnused([...directories.values()]);
      throw error;
    }
    const memory = directories.get('memory');
    return cgroupPlacement({
      directories: [...directories.values()],
      written,
      peakFile: memory && join(memory, 'memory.max_usage_in_bytes'),
      oomFile: memory && join(memory, 'memory.oom_control'),
    });
  },

  verify(pid, _limits, chosen, placement) {
    const hierarchies = [...probeParents().parents.values()].map((p) => p.hierarchy);
    const inside = new Set(cgroupsOf(pid, hierarchies));
    const placed = placement?.directories.every((dir) => inside.has(dir)) ?? false;
    const result: Partial<Record<LimitName, boolean>> = {};
    for (const limit of chosen) result[limit] = placed && placement?.written[limit] === true;
    return result;
  },
};
