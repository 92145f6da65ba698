// Small file-level tools shared by the cgroup mechanisms: where the hierarchies are mounted,
// which cgroup this process is in, writing a value and reading it back, and removing a
// workload's cgroup once everything in it is gone.
import { readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KernelRefusal, kernelWords } from './kernel-refusal.ts';

/** One mounted cgroup hierarchy: v2, or a v1 one with its controllers. */
export interface Hierarchy {
  version: 1 | 2;
  mountPoint: string;
  /** The cgroup path (as /proc/self/cgroup shows it) that the mount point shows. */
  mountRoot: string;
  controllers: string[];
}

/** The cgroup hierarchies mounted here, from /proc/self/mountinfo. */
export function readHierarchies(mountinfo = readText('/proc/self/mountinfo')): Hierarchy[] {
  const found: Hierarchy[] = [];
  for (const line of mountinfo.split('\n')) {
    const [left, right] = line.split(' - ');
    if (!left || !right) continue;
    const fields = left.split(' ');
    const [type, , superOptions = ''] = right.split(' ');
    const mountRoot = fields[3] ?? '/';
    const mountPoint = unescapeMount(fields[4] ?? '');
    if (type === 'cgroup2') found.push({ version: 2, mountPoint, mountRoot, controllers: [] });
    if (type !== 'cgroup') continue;
    const controllers = superOptions.split(',').filter((o) => V1_CONTROLLERS.has(o));
    found.push({ version: 1, mountPoint, mountRoot, controllers });
  }
  return found;
}

const V1_CONTROLLERS = new Set(
  'memory cpu cpuacct pids cpuset blkio devices freezer net_cls net_prio perf_event hugetlb'.split(
    ' ',
  ),
);

/** The cgroup path of this process per v1 controller, and under the key `''` for v2. */
export function readOwnCgroups(text = readText('/proc/self/cgroup')): Map<string, string> {
  const paths = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    for (const controller of match[1]!.split(',')) paths.set(controller, match[2]!);
  }
  return paths;
}

/** The directory of cgroup `path` inside `hierarchy`, or undefined when it is not visible. */
export function directoryOf(hierarchy: Hierarchy, path: string): string | undefined {
  const root = hierarchy.mountRoot === '/' ? '' : hierarchy.mountRoot;
  if (root && path !== root && !path.startsWith(`${root}/`)) return undefined;
  return join(hierarchy.mountPoint, path.slice(root.length)).replace(/(?<=.)\/$/, '');
}

/** The contents of a small file, or '' when it cannot be read. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Writes `value` to a cgroup file; false when the kernel refused it. */
export function writeValue(path: string, value: string): boolean {
  try {
    writeFileSync(path, value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a limit's `value` to a cgroup file and returns what reading it back gives (trimmed);
 * a KernelRefusal with the kernel's words when the write fails.
 */
export function writeAndReadBack(path: string, value: string): string {
  try {
    writeFileSync(path, value);
  } catch (error) {
    throw new KernelRefusal(path, value, kernelWords(error));
  }
  return readText(path).trim();
}

/** The pids listed in a cgroup.procs file. */
export function readPids(procsFile: string): number[] {
  return readText(procsFile).split('\n').filter(Boolean).map(Number);
}

/** SIGKILL to every pid listed in `procsFile`; the number it hit. */
export function killListed(procsFile: string): number {
  let hit = 0;
  for (const pid of readPids(procsFile)) {
    try {
      process.kill(pid, 'SIGKILL');
      hit += 1;
    } catch {}
  }
  return hit;
}

/**
 * Kills what is left in each directory until it is empty, then removes it. v1 has no
 * cgroup.kill, and a process may fork between the read and the kill, so it loops.
 */
export async function removeCgroups(directories: string[], timeoutMs = 3000): Promise<string[]> {
  const failed: string[] = [];
  const deadline = performance.now() + timeoutMs;
  for (const directory of directories) {
    while (!tryRemove(directory) && performance.now() < deadline) {
      killListed(join(directory, 'cgroup.procs'));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    if (!tryRemove(directory)) failed.push(directory);
  }
  return failed;
}

/** Removes directories that nothing was ever placed in (a prepare that failed half-way). */
export function removeUnused(directories: string[]): void {
  for (const directory of directories.toReversed()) tryRemove(directory);
}

function tryRemove(directory: string): boolean {
  try {
    rmdirSync(directory);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** A name for a workload's cgroup that no other run of ttsguard uses. */
export function workloadCgroupName(): string {
  sequence += 1;
  return `ttsguard-${process.pid}-${sequence}`;
}

let sequence = 0;

/** The cgroup directories `pid` is in, per hierarchy (for the read-back of placement). */
export function cgroupsOf(pid: number, hierarchies: Hierarchy[]): string[] {
  const own = readOwnCgroups(readText(`/proc/${pid}/cgroup`));
  const dirs: string[] = [];
  for (const hierarchy of hierarchies) {
    const key = hierarchy.version === 2 ? '' : hierarchy.controllers[0]!;
    const path = own.get(key);
    const dir = path === undefined ? undefined : directoryOf(hierarchy, path);
    if (dir) dirs.push(dir);
  }
  return dirs;
}

function unescapeMount(text: string): string {
  return text.replace(/\\(\d{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
