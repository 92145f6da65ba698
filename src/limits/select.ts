// Chooses, for every requested limit, the mechanism that will hold it here, and says so:
// a limit that no mechanism can hold is refused, one held only in part gets a warning.
import { InputError } from '../config/input-error.ts';
import { type LimitName, type LimitValues, type Mechanism, requestedLimits } from './mechanism.ts';
import { rlimitMechanism } from './rlimit.ts';
import { watchdogMechanism } from './watchdog.ts';

/** The mechanisms ttsguard knows, in order of preference. */
export const MECHANISMS: readonly Mechanism[] = [rlimitMechanism, watchdogMechanism];

/** The limits each mechanism will hold, and the name shown per limit. */
export interface Selection {
  requested: LimitName[];
  /** Mechanism name(s) per limit, e.g. `rlimit+watchdog`. */
  mechanismOf: Partial<Record<LimitName, string>>;
  chosen: Map<Mechanism, LimitName[]>;
  warnings: string[];
}

/** The flag behind each limit, for messages. */
export const LIMIT_FLAGS: Record<LimitName, string> = {
  timeout: '--timeout',
  memory: '--memory',
  cpuTime: '--cpu-time',
  addressSpace: '--address-space',
  openFiles: '--open-files',
  fileSize: '--file-size',
  coreDumps: '--core-dumps',
};

/** Picks mechanisms for the requested limits; throws InputError when one cannot be held. */
export function selectMechanisms(
  limits: LimitValues,
  mechanisms: readonly Mechanism[] = MECHANISMS,
): Selection {
  const requested = requestedLimits(limits);
  const available = mechanisms.filter((mechanism) => mechanism.probe().available);
  const chosen = new Map<Mechanism, LimitName[]>();
  const mechanismOf: Partial<Record<LimitName, string>> = {};
  const warnings: string[] = [];

  for (const limit of requested) {
    const holders = available.filter((mechanism) => mechanism.supports(limit));
    if (holders.length === 0) {
      if (limit === 'coreDumps') {
        warnings.push('core dumps stay as inherited: prlimit is not available');
        continue;
      }
      throw new InputError(
        `${LIMIT_FLAGS[limit]}: no mechanism can enforce it here (${whyNot(mechanisms, limit)})`,
      );
    }
    if (limit === 'cpuTime' && !holders.some((m) => m.name === 'rlimit')) {
      warnings.push(
        '--cpu-time: prlimit is not available; only the watchdog holds it (tree total)',
      );
    }
    // The CPU-time limit is held twice on purpose: per process by the kernel, and for
    // the tree's total by the watchdog. Every other limit takes the first holder.
    const users = limit === 'cpuTime' ? holders : holders.slice(0, 1);
    for (const mechanism of users) chosen.set(mechanism, [...(chosen.get(mechanism) ?? []), limit]);
    mechanismOf[limit] = users.map((m) => m.name).join('+');
  }
  return { requested, mechanismOf, chosen, warnings };
}

function whyNot(mechanisms: readonly Mechanism[], limit: LimitName): string {
  const reasons = mechanisms
    .filter((mechanism) => mechanism.supports(limit))
    .map((mechanism) => `${mechanism.name}: ${mechanism.probe().reason}`);
  return reasons.join('; ') || 'no mechanism supports it';
}
