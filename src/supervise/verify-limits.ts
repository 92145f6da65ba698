// Reads back, from the running workload, the limits the mechanisms said they would set,
// once the launch chain (setpriv, prlimit) has exec'd into the command itself.
import type {
  Enforcement,
  LimitName,
  LimitValues,
  Mechanism,
  Placement,
} from '../limits/mechanism.ts';
import type { Selection } from '../limits/select.ts';
import type { Sample } from '../monitor/sampler.ts';
import type { RunObserver } from '../report/events.ts';

const CHAIN = new Set(['setpriv', 'prlimit', 'taskset', 'systemd-run']);

/** Tracks the read-back of every limit of a run. */
export interface Verification {
  onSample(sample: Sample): void;
  result(): Partial<Record<LimitName, Enforcement>>;
}

/** Starts tracking; the read-back happens at the first sample past the launch chain. */
export function startVerification(
  pid: number,
  limits: LimitValues,
  selection: Selection,
  observe: RunObserver,
  placements: ReadonlyMap<Mechanism, Placement> = new Map(),
): Verification {
  const enforcement: Partial<Record<LimitName, Enforcement>> = {};
  for (const limit of selection.requested) {
    const mechanism = selection.mechanismOf[limit];
    if (mechanism) enforcement[limit] = { mechanism, verified: null };
  }
  // A cgroup's limits were read back as they were written, before the launch: a value the
  // kernel did not take is said at once, not at the first sample.
  for (const [mechanism, placement] of placements) {
    for (const [limit, inForce] of Object.entries(placement.written)) {
      if (inForce) continue;
      enforcement[limit as LimitName]!.verified = false;
      observe({ type: 'verified', limit, mechanism: mechanism.name, inForce: false });
    }
  }
  let done = false;
  return {
    onSample(sample) {
      if (done) return;
      const root = sample.processes.find((process) => process.pid === pid);
      if (!root || isLaunchChain(root.command)) return;
      done = true;
      for (const [mechanism, chosen] of selection.chosen) {
        const found = mechanism.verify(pid, limits, chosen, placements.get(mechanism));
        for (const limit of chosen) {
          const inForce = found[limit];
          if (inForce === undefined) continue;
          const entry = enforcement[limit]!;
          // A limit held by several mechanisms is verified only if every read-back agrees.
          entry.verified = entry.verified === false ? false : inForce;
          observe({ type: 'verified', limit, mechanism: mechanism.name, inForce });
        }
      }
    },
    result: () => enforcement,
  };
}

/** Whether the root process is still a link of the launch chain, not the command itself. */
function isLaunchChain(command: string): boolean {
  if (command.startsWith('/bin/sh -c ') && command.includes(' ttsguard-gate ')) return true;
  return CHAIN.has(command.split(' ')[0]!.split('/').pop()!);
}
