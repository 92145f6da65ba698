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
  | 'coreDumps';

/** What enforces a limit. */
export type MechanismName = 'rlimit' | 'watchdog';

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
  ): Partial<Record<LimitName, boolean>>;
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
  return names;
}
