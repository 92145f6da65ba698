// Chooses, for every requested limit, the mechanism that will hold it here, and says so:
// the kernel first; a fallback is one warning line, or a refusal under --strict; a limit
// that no mechanism can hold is refused.
import { InputError } from '../config/input-error.ts';
import { affinityMechanism } from './affinity.ts';
import { cgroupV1Mechanism } from './cgroup-v1.ts';
import { cgroupV2Mechanism } from './cgroup-v2.ts';
import {
  type LimitName,
  type LimitValues,
  type Mechanism,
  type MechanismName,
  requestedLimits,
} from './mechanism.ts';
import { rlimitMechanism } from './rlimit.ts';
import { systemdScopeMechanism } from './systemd-scope.ts';
import { watchdogMechanism } from './watchdog.ts';

/** The mechanisms ttsguard knows, in order of preference. */
export const MECHANISMS: readonly Mechanism[] = [
  cgroupV2Mechanism,
  cgroupV1Mechanism,
  systemdScopeMechanism,
  affinityMechanism,
  rlimitMechanism,
  watchdogMechanism,
];

/** The mechanisms that bound a whole tree in the kernel. */
const CGROUP_FAMILY = new Set<MechanismName>(['cgroup-v2', 'cgroup-v1', 'systemd']);

/** How selection may choose: only among some mechanisms, and whether fallbacks are refused. */
export interface SelectOptions {
  strict: boolean;
  /** Names of the mechanisms allowed (all when unset): simulates absence, e.g. in tests. */
  mechanisms?: string[];
}

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
  memoryHigh: '--memory-high',
  cpus: '--cpus',
  tasks: '--tasks',
};

/** The mechanisms that may be used: allowed by the options and working on this host. */
export function usableMechanisms(
  options: SelectOptions,
  mechanisms: readonly Mechanism[] = MECHANISMS,
  needed?: readonly LimitName[],
): Mechanism[] {
  // Probing a cgroup hierarchy costs a mkdir and an rmdir: only ask those that could help.
  const allowed = allowedMechanisms(options, mechanisms).filter(
    (mechanism) => !needed || needed.some((limit) => mechanism.supports(limit)),
  );
  const usable = allowed.filter((mechanism) => mechanism.probe().available);
  // systemd scopes and ttsguard's own cgroups would fight over the same process.
  const direct = usable.some((m) => m.name === 'cgroup-v2' || m.name === 'cgroup-v1');
  return direct ? usable.filter((m) => m.name !== 'systemd') : usable;
}

/** Picks mechanisms for the requested limits; throws InputError when one cannot be held. */
export function selectMechanisms(
  limits: LimitValues,
  options: SelectOptions = { strict: false },
  mechanisms: readonly Mechanism[] = MECHANISMS,
): Selection {
  const requested = requestedLimits(limits);
  const available = usableMechanisms(options, mechanisms, requested);
  const chosen = new Map<Mechanism, LimitName[]>();
  const mechanismOf: Partial<Record<LimitName, string>> = {};
  const warnings: string[] = [];
  const considered = allowedMechanisms(options, mechanisms);

  for (const limit of requested) {
    const holders = available.filter((mechanism) => mechanism.supports(limit));
    if (holders.length === 0) {
      if (limit === 'coreDumps') {
        warnings.push('core dumps stay as inherited: prlimit is not available');
        continue;
      }
      throw new InputError(
        `${LIMIT_FLAGS[limit]}: no mechanism can enforce it here (${whyNot(considered, limit)})`,
      );
    }
    const fallback = describeFallback(limit, holders, considered, limits);
    if (fallback && options.strict) {
      throw new InputError(`${LIMIT_FLAGS[limit]}: refused by --strict: ${fallback}`);
    }
    if (fallback) warnings.push(`${LIMIT_FLAGS[limit]}: ${fallback}`);
    const users = holdersFor(limit, holders);
    for (const mechanism of users) chosen.set(mechanism, [...(chosen.get(mechanism) ?? []), limit]);
    mechanismOf[limit] = users.map((m) => m.name).join('+');
  }
  return { requested, mechanismOf, chosen, warnings };
}

/**
 * The CPU-time limit is held twice on purpose: per process by the kernel, and for the
 * tree's total by the watchdog. Every other limit takes the first holder.
 */
function holdersFor(limit: LimitName, holders: Mechanism[]): Mechanism[] {
  return limit === 'cpuTime' ? holders : holders.slice(0, 1);
}

/** Why a limit is held by less than the kernel, or undefined when the kernel holds it. */
function describeFallback(
  limit: LimitName,
  holders: Mechanism[],
  considered: Mechanism[],
  limits: LimitValues,
): string | undefined {
  const first = holders[0]!.name;
  const family = considered.filter((m) => CGROUP_FAMILY.has(m.name));
  const why = () =>
    whyNot(family, limit, 'no cgroup mechanism is allowed by the mechanisms setting');
  if (limit === 'memory' && first === 'watchdog') {
    return `only the watchdog holds it, between samples the tree can overshoot (${why()})`;
  }
  if (limit === 'cpus' && first === 'affinity') {
    const cores = Math.max(1, Math.ceil(limits.cpuCores ?? 1));
    return `no cgroup cpu controller, pinned to ${cores} core(s) with taskset instead (${why()})`;
  }
  if (limit === 'cpuTime' && !holders.some((m) => m.name === 'rlimit')) {
    return 'prlimit is not available; only the watchdog holds it (tree total)';
  }
  return undefined;
}

function allowedMechanisms(options: SelectOptions, mechanisms: readonly Mechanism[]): Mechanism[] {
  if (!options.mechanisms) return [...mechanisms];
  const known = mechanisms.map((mechanism) => mechanism.name as string);
  for (const name of options.mechanisms) {
    if (!known.includes(name)) {
      throw new InputError(`mechanisms: "${name}" is not a mechanism (known: ${known.join(', ')})`);
    }
  }
  return mechanisms.filter((mechanism) => options.mechanisms!.includes(mechanism.name));
}

function whyNot(
  mechanisms: readonly Mechanism[],
  limit: LimitName,
  none = 'no allowed mechanism supports it',
): string {
  const reasons = mechanisms
    .filter((mechanism) => !mechanism.probe().available || CGROUP_FAMILY.has(mechanism.name))
    .filter((mechanism) => !mechanism.probe().available || !mechanism.supports(limit))
    .map((mechanism) => {
      const probe = mechanism.probe();
      const why = probe.available ? `cannot hold ${LIMIT_FLAGS[limit]}` : probe.reason;
      return `${mechanism.name}: ${why}`;
    });
  return reasons.join('; ') || none;
}
