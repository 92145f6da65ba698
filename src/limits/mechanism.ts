// The one small interface every enforcement mechanism shares, so that choosing among them
// is a separate step and `doctor` can show what each would do on this host.
import type { Settings } from '../config/registry.ts';

/** A ceiling the user can ask for. */
export type LimitName =
  | 'timeout'
  | 'memory'
  | 'cpuTime'
  | 'addressSpace'
  | 'openFiles'
  | 'fileSize'
  | 'coreDumps'
  | 'memoryHigh'
  | 'cpus'
  | 'tasks';

/** What enforces a limit. */
export type MechanismName =
  | 'cgroup-v2'
  | 'cgroup-v1'
  | 'systemd'
  | 'affinity'
  | 'rlimit'
  | 'watchdog';

/** Whether a mechanism can work on this host, and why not. */
export interface Availability {
  available: boolean;
  reason: string;
}

/** The requested limits, with their values, as they reach the mechanisms. */
export type LimitValues = Pick<
  Settings,
  | 'timeoutMs'
  | 'memoryBytes'
  | 'cpuTimeMs'
  | 'addressSpaceBytes'
  | 'openFiles'
  | 'fileSizeBytes'
  | 'coreDumps'
  | 'killAfterMs'
  | 'memoryHighBytes'
  | 'cpuCores'
  | 'tasks'
>;

/** How one limit is enforced in a run, after the read-back where there is one. */
export interface Enforcement {
  mechanism: string;
  /** true: read back and found in force; false: read back and not in force; null: no read-back. */
  verified: boolean | null;
}

/** One enforcement mechanism. */
export interface Mechanism {
  name: MechanismName;
  /** Can it work here? */
  probe(): Availability;
  /** Which of the requested limits it can hold. */
  supports(limit: LimitName): boolean;
  /** The argv prefix that applies its limits, placed before the command. */
  wrap(limits: LimitValues, chosen: LimitName[]): string[];
  /** Reads the limits back from the running workload; limits found in force. */
  verify(
    pid: number,
    limits: LimitValues,
    chosen: LimitName[],
    placement?: Placement,
  ): Partial<Record<LimitName, boolean>>;
  /** Sets up what one run needs before its launch (a cgroup with its limits written). */
  prepare?(limits: LimitValues, chosen: LimitName[]): Placement;
}

/** What a mechanism set up for one run (a cgroup), from before the launch to cleanup. */
export interface Placement {
  /** Files the launch gate writes the workload's pid into before it execs. */
  procsFiles: string[];
  /** Directories that must be emptied and removed when the run ends, whatever happened. */
  directories: string[];
  /** Each limit written, and whether reading it back found the value asked for. */
  written: Partial<Record<LimitName, boolean>>;
  /** Pids the kernel counts in the workload, wherever they moved in the process tree. */
  members(): number[];
  /** Usage the kernel kept for the whole run. */
  readUsage(): Usage;
  /** Why the kernel ended a process of the workload, when it did. */
  explainDeath(): 'memory' | undefined;
  /** SIGKILL to every process in it. */
  kill(): void;
  /** Empties and removes it; a message when something could not be removed. */
  cleanup(): Promise<string | undefined>;
}

/** Figures a kernel mechanism kept over the whole run. */
export interface Usage {
  peakMemoryBytes?: number;
  oomKills?: number;
}

/** The limits that are set in `limits`, in a fixed order. */
export function requestedLimits(limits: LimitValues): LimitName[] {
  const names: LimitName[] = [];
  if (limits.timeoutMs !== undefined) names.push('timeout');
  if (limits.memoryBytes !== undefined) names.push('memory');
  if (limits.cpuTimeMs !== undefined) names.push('cpuTime');
  if (limits.addressSpaceBytes !== undefined) names.push('addressSpace');
  if (limits.openFiles !== undefined) names.push('openFiles');
  if (limits.fileSizeBytes !== undefined) names.push('fileSize');
  if (!limits.coreDumps) names.push('coreDumps');
  if (limits.memoryHighBytes !== undefined) names.push('memoryHigh');
  if (limits.cpuCores !== undefined) names.push('cpus');
  if (limits.tasks !== undefined) names.push('tasks');
  return names;
}
