// cgroup v2: one directory under the cgroup ttsguard runs in, in a delegated, writable
// subtree whose parent offers the memory, cpu and pids controllers.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  cgroupsOf,
  directoryOf,
  type Hierarchy,
  readHierarchies,
  readOwnCgroups,
  readText,
  removeCgroups,
  removeUnused,
  workloadCgroupName,
  writeAndReadBack,
  writeValue,
} from './cgroup-fs.ts';
import { cgroupPlacement, sameSize } from './cgroup-placement.ts';
import { CFS_PERIOD_US, quotaMicros } from './cgroup-v1.ts';
import { forLimit } from './kernel-refusal.ts';
import type { Availability, LimitName, LimitValues, Mechanism, Placement } from './mechanism.ts';

const CONTROLLER: Partial<Record<LimitName, string>> = {
  memory: 'memory',
  memoryHigh: 'memory',
  cpus: 'cpu',
  tasks: 'pids',
};

interface Probe {
  hierarchy?: Hierarchy;
  parent?: string;
  controllers: Set<string>;
  reason: string;
}

let probed: Probe | undefined;

/** Finds the v2 parent and the controllers its children can use (enabling them if it may). */
function probeV2(): Probe {
  if (probed) return probed;
  probed = findParent();
  return probed;
}

function findParent(): Probe {
  const none = new Set<string>();
  const hierarchy = readHierarchies().find((h) => h.version === 2);
  if (!hierarchy) return { controllers: none, reason: 'no cgroup2 file system is mounted' };
  const path = readOwnCgroups().get('');
  const parent = path === undefined ? undefined : directoryOf(hierarchy, path);
  if (!parent) return { controllers: none, reason: 'this process has no visible v2 cgroup' };
  const offered = readText(join(parent, 'cgroup.controllers')).trim().split(/\s+/);
  const wanted = ['memory', 'cpu', 'pids'].filter((c) => offered.includes(c));
  if (wanted.length === 0) {
    const only = offered.filter(Boolean).join(' ') || 'none';
    const reason = `${parent} offers no memory, cpu or pids controller (offers: ${only})`;
    return { hierarchy, parent, controllers: none, reason };
  }
  // Children only get a controller once the parent lists it in cgroup.subtree_control; the
  // kernel refuses that while the parent itself holds processes (except at the root).
  const control = join(parent, 'cgroup.subtree_control');
  const enabled = () => new Set(readText(control).trim().split(/\s+/));
  for (const controller of wanted) {
    if (!enabled().has(controller)) writeValue(control, `+${controller}`);
  }
  const controllers = new Set(wanted.filter((c) => enabled().has(c)));
  if (controllers.size === 0) {
    const reason = `cannot enable ${wanted.join(', ')} in ${control} (not delegated, or busy)`;
    return { hierarchy, parent, controllers, reason };
  }
  const test = join(parent, `${workloadCgroupName()}-probe`);
  try {
    mkdirSync(test);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { hierarchy, parent, controllers: none, reason: `cannot create in ${parent} (${code})` };
  }
  void removeCgroups([test]);
  const reason = `writable: ${[...controllers].join(', ')} in ${parent}`;
  return { hierarchy, parent, controllers, reason };
}

function writeLimit(limit: LimitName, directory: string, limits: LimitValues): boolean {
  const file = (name: string) => join(directory, name);
  switch (limit) {
    case 'memory': {
      const ok = sameSize(
        writeAndReadBack(file('memory.max'), String(limits.memoryBytes)),
        limits.memoryBytes!,
      );
      // With no swap allowed the ceiling means RAM; oom.group stops the tree as one.
      const swapOff = !existsSync(file('memory.swap.max'))
        ? true
        : writeAndReadBack(file('memory.swap.max'), '0') === '0';
      if (existsSync(file('memory.oom.group'))) writeValue(file('memory.oom.group'), '1');
      return ok && swapOff;
    }
    case 'memoryHigh':
      return sameSize(
        writeAndReadBack(file('memory.high'), String(limits.memoryHighBytes)),
        limits.memoryHighBytes!,
      );
    case 'cpus': {
      const value = `${quotaMicros(limits.cpuCores!)} ${CFS_PERIOD_US}`;
      return writeAndReadBack(file('cpu.max'), value) === value;
    }
    case 'tasks':
      return writeAndReadBack(file('pids.max'), String(limits.tasks)) === String(limits.tasks);
    default:
      return false;
  }
}

export const cgroupV2Mechanism: Mechanism = {
  name: 'cgroup-v2',

  probe(): Availability {
    const probe = probeV2();
    return { available: probe.controllers.size > 0, reason: probe.reason };
  },

  supports(limit) {
    const controller = CONTROLLER[limit];
    return controller !== undefined && probeV2().controllers.has(controller);
  },

  wrap: () => [],

  prepare(limits, chosen): Placement {
    const directory = join(probeV2().parent!, workloadCgroupName());
    mkdirSync(directory);
    const written: Partial<Record<LimitName, boolean>> = {};
    try {
      for (const limit of chosen) {
        written[limit] = forLimit(limit, () => writeLimit(limit, directory, limits));
      }
    } catch (error) {
      removeUnused([directory]);
      throw error;
    }
    const has = (name: string) => existsSync(join(directory, name));
    return cgroupPlacement({
      directories: [directory],
      written,
      peakFile: has('memory.peak') ? join(directory, 'memory.peak') : undefined,
      oomFile: has('memory.events') ? join(directory, 'memory.events') : undefined,
      killFile: has('cgroup.kill') ? join(directory, 'cgroup.kill') : undefined,
    });
  },

  verify(pid, _limits, chosen, placement) {
    const hierarchy = probeV2().hierarchy;
    const inside = hierarchy ? cgroupsOf(pid, [hierarchy]) : [];
    const placed = placement?.directories.every((dir) => inside.includes(dir)) ?? false;
    const result: Partial<Record<LimitName, boolean>> = {};
    for (const limit of chosen) result[limit] = placed && placement?.written[limit] === true;
    return result;
  },
};
