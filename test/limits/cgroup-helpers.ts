// Test tools for cgroups: where a run's cgroups would be, and proof that none is left.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { directoryOf, readHierarchies, readOwnCgroups } from '../../src/limits/cgroup-fs.ts';

/** The parent directories ttsguard creates workload cgroups in (it inherits ours). */
export function cgroupParents(): string[] {
  const own = readOwnCgroups();
  const parents: string[] = [];
  for (const hierarchy of readHierarchies()) {
    const key = hierarchy.version === 2 ? '' : hierarchy.controllers[0];
    const path = key === undefined ? undefined : own.get(key);
    const dir = path === undefined ? undefined : directoryOf(hierarchy, path);
    if (dir) parents.push(dir);
  }
  return parents;
}

/** The cgroup directories a ttsguard with pid `ttsguardPid` made and has not removed. */
export function cgroupsLeft(ttsguardPid: number): string[] {
  const prefix = `ttsguard-${ttsguardPid}-`;
  return cgroupParents().flatMap((parent) => {
    try {
      return readdirSync(parent)
        .filter((name) => name.startsWith(prefix))
        .map((name) => join(parent, name));
    } catch {
      return [];
    }
  });
}

/** Waits until the run's cgroups are gone; throws naming them after `ms`. */
export async function assertNoCgroupLeft(ttsguardPid: number, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (cgroupsLeft(ttsguardPid).length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const left = cgroupsLeft(ttsguardPid);
  if (left.length) throw new Error(`cgroups left behind: ${left.join(', ')}`);
}
