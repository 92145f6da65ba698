// The per-run side of the chosen mechanisms: creates each one's placement (a cgroup) before
// the launch, builds the gate that puts the workload into it before it execs, and answers
// for all of them together until cleanup.
import { InputError } from '../config/input-error.ts';
import { KernelRefusal } from './kernel-refusal.ts';
import type { LimitValues, Mechanism, Placement, Usage } from './mechanism.ts';
import { LIMIT_FLAGS, type Selection } from './select.ts';

/**
 * The first link of the launch chain: a fixed shell that writes its own pid into every
 * cgroup.procs file named before `--`, then execs the rest with "$@" untouched, so that the
 * workload is inside its cgroups before its first instruction and no fork can escape.
 */
export const GATE_SCRIPT =
  'while [ "$1" != -- ]; do { echo $$ > "$1"; } 2>/dev/null || ' +
  '{ echo "ttsguard: cannot place the workload in $1" >&2; exit 125; }; shift; done; ' +
  'shift; exec "$@"';

/** The placements of one run, seen as one. */
export interface PreparedRun {
  placements: Map<Mechanism, Placement>;
  /** The gate's argv prefix, or [] when nothing needs placing. */
  gate: string[];
  /** Every cgroup directory of the run (for the sentinel). */
  directories: string[];
  /** Pids the kernel counts in the workload. */
  members(): number[];
  /** The highest peak and the number of OOM kills over all placements. */
  usage(): Usage;
  /** Why the kernel ended a process of the workload, when it did. */
  explainDeath(): 'memory' | undefined;
  kill(): void;
  cleanup(): Promise<string | undefined>;
}

/** Prepares every chosen mechanism that needs it; on failure, removes what was made. */
export function prepareRun(selection: Selection, limits: LimitValues): PreparedRun {
  const placements = new Map<Mechanism, Placement>();
  try {
    for (const [mechanism, chosen] of selection.chosen) {
      if (mechanism.prepare) placements.set(mechanism, mechanism.prepare(limits, chosen));
    }
  } catch (error) {
    for (const placement of placements.values()) void placement.cleanup();
    if (error instanceof KernelRefusal) throw refusalError(error);
    throw new Error(`cannot prepare the workload's cgroup: ${(error as Error).message}`);
  }
  const all = [...placements.values()];
  const procsFiles = all.flatMap((placement) => placement.procsFiles);
  return {
    placements,
    gate: procsFiles.length
      ? ['/bin/sh', '-c', GATE_SCRIPT, 'ttsguard-gate', ...procsFiles, '--']
      : [],
    directories: all.flatMap((placement) => placement.directories),
    members: () => [...new Set(all.flatMap((placement) => placement.members()))],
    usage() {
      const usages = all.map((placement) => placement.readUsage());
      const peaks = usages.map((u) => u.peakMemoryBytes).filter((p) => p !== undefined);
      const kills = usages.map((u) => u.oomKills).filter((k) => k !== undefined);
      return {
        peakMemoryBytes: peaks.length ? Math.max(...peaks) : undefined,
        oomKills: kills.length ? kills.reduce((a, b) => a + b, 0) : undefined,
      };
    },
    explainDeath: () => all.map((placement) => placement.explainDeath()).find(Boolean),
    kill: () => {
      for (const placement of all) placement.kill();
    },
    async cleanup() {
      const problems = await Promise.all(all.map((placement) => placement.cleanup()));
      return problems.filter(Boolean).join('; ') || undefined;
    },
  };
}

/** The one-line input error for a refused value: the flag, the value, the kernel's words. */
export function refusalError(refusal: KernelRefusal): InputError {
  const flag = refusal.limit ? LIMIT_FLAGS[refusal.limit] : 'a limit';
  const file = refusal.file.split('/').pop();
  return new InputError(
    `${flag}: the kernel refused the value ${refusal.value} for ${file} (${refusal.said})`,
  );
}
