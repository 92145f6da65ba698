// What `ttsguard doctor` finds: each mechanism on this host, whether it works and why not,
// which limits it would hold, and what a run with the given limits would choose.
import { InputError } from '../config/input-error.ts';
import { findTool } from './find-tool.ts';
import {
  type LimitName,
  type LimitValues,
  type Mechanism,
  type MechanismName,
  requestedLimits,
} from './mechanism.ts';
import { probeSandbox } from './sandbox.ts';
import { LIMIT_FLAGS, MECHANISMS, type SelectOptions, selectMechanisms } from './select.ts';

/** One mechanism as found on this host. */
export interface MechanismReport {
  name: MechanismName | 'bwrap' | 'setpriv';
  works: boolean;
  reason: string;
  /** The limits (as flags) it can hold here. */
  limits: string[];
}

/** The whole diagnosis. */
export interface Diagnosis {
  mechanisms: MechanismReport[];
  /** Per requested limit, the mechanism a run would use. */
  choice: Record<string, string>;
  warnings: string[];
  /** Why a run with these limits would be refused, if it would. */
  refused?: string;
}

const ALL_LIMITS = Object.keys(LIMIT_FLAGS) as LimitName[];

/** Diagnoses this host for the given limits and selection options. */
export function diagnose(
  limits: LimitValues,
  options: SelectOptions,
  mechanisms: readonly Mechanism[] = MECHANISMS,
): Diagnosis {
  const reports: MechanismReport[] = mechanisms.map((mechanism) => {
    const probe = mechanism.probe();
    const held = probe.available ? ALL_LIMITS.filter((limit) => mechanism.supports(limit)) : [];
    return {
      name: mechanism.name,
      works: probe.available,
      reason: probe.reason,
      limits: held.map((limit) => LIMIT_FLAGS[limit]),
    };
  });
  const sandbox = probeSandbox();
  reports.push({ name: 'bwrap', works: sandbox.available, reason: sandbox.reason, limits: [] });
  const setpriv = Boolean(findTool('setpriv'));
  reports.push({
    name: 'setpriv',
    works: setpriv,
    reason: setpriv ? 'found: --user, --group and the parent-death signal' : 'not installed',
    limits: [],
  });
  try {
    const selection = selectMechanisms(limits, options, mechanisms);
    const choice: Record<string, string> = {};
    for (const limit of requestedLimits(limits)) {
      choice[LIMIT_FLAGS[limit]] = selection.mechanismOf[limit] ?? 'none (stays as inherited)';
    }
    return { mechanisms: reports, choice, warnings: selection.warnings };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { mechanisms: reports, choice: {}, warnings: [], refused: error.message };
  }
}
