// The per-run half of both cgroup mechanisms: the workload's directories, what the kernel
// counted there, how to kill everything in them, and their removal after the run.
import { join } from 'node:path';
import { killListed, readPids, readText, removeCgroups, writeValue } from './cgroup-fs.ts';
import type { LimitName, Placement } from './mechanism.ts';

/** Where a cgroup version keeps what a placement reads. */
export interface CgroupFiles {
  directories: string[];
  written: Partial<Record<LimitName, boolean>>;
  /** The high-water mark of memory use (memory.peak, memory.max_usage_in_bytes). */
  peakFile?: string;
  /** A key/value file with an `oom_kill N` line (memory.events, memory.oom_control). */
  oomFile?: string;
  /** cgroup.kill, where the kernel offers it (v2, Linux 5.14+). */
  killFile?: string;
}

/** A Placement over cgroup directories that already exist, with their limits written. */
export function cgroupPlacement(files: CgroupFiles): Placement {
  const procsFiles = files.directories.map((dir) => join(dir, 'cgroup.procs'));
  return {
    procsFiles,
    directories: files.directories,
    written: files.written,
    members: () => [...new Set(procsFiles.flatMap(readPids))],
    readUsage() {
      const peak = files.peakFile ? Number(readText(files.peakFile).trim()) : Number.NaN;
      return {
        peakMemoryBytes: Number.isFinite(peak) && peak > 0 ? peak : undefined,
        oomKills: files.oomFile ? readCounter(files.oomFile, 'oom_kill') : undefined,
      };
    },
    explainDeath() {
      const kills = files.oomFile ? readCounter(files.oomFile, 'oom_kill') : 0;
      return kills > 0 ? 'memory' : undefined;
    },
    kill() {
      if (files.killFile) writeValue(files.killFile, '1');
      for (const file of procsFiles) killListed(file);
    },
    async cleanup() {
      const failed = await removeCgroups(files.directories);
      return failed.length ? `could not remove cgroup ${failed.join(', ')}` : undefined;
    },
  };
}

/** The value of `key` in a flat-keyed cgroup file such as memory.events; 0 when absent. */
export function readCounter(file: string, key: string): number {
  const match = new RegExp(`^${key} (\\d+)$`, 'm').exec(readText(file));
  return match ? Number(match[1]) : 0;
}

/** Whether a size read back matches the one written, given the kernel's rounding to pages. */
export function sameSize(readBack: string, bytes: number): boolean {
  const value = Number(readBack);
  return Number.isFinite(value) && value <= bytes && bytes - value < 65536;
}
