// Assembles the argv that starts the workload: the parent-death guard, each mechanism's
// wrapper, then the command itself. No shell is involved anywhere in the chain.
import { findTool } from '../limits/find-tool.ts';
import type { LimitValues } from '../limits/mechanism.ts';
import type { Selection } from '../limits/select.ts';

/** Everything needed to spawn the workload. */
export interface LaunchPlan {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Whether the workload dies with ttsguard (PR_SET_PDEATHSIG through setpriv). */
  pdeathsig: boolean;
  warnings: string[];
}

/** Builds the launch chain for `executable` and its arguments. */
export function buildLaunchPlan(
  executable: string,
  args: string[],
  limits: LimitValues,
  selection: Selection,
  env: NodeJS.ProcessEnv,
): LaunchPlan {
  const warnings: string[] = [];
  const prefix: string[] = [];
  const setpriv = findTool('setpriv');
  if (setpriv) {
    prefix.push(setpriv, '--pdeathsig', 'KILL', '--');
  } else {
    warnings.push(
      'setpriv (util-linux) is missing: the workload would outlive a kill -9 of ttsguard',
    );
  }
  for (const [mechanism, chosen] of selection.chosen) {
    prefix.push(...mechanism.wrap(limits, chosen));
  }
  return { argv: [...prefix, executable, ...args], env, pdeathsig: Boolean(setpriv), warnings };
}
