// Assembles the argv that starts the workload: the cgroup gate, the parent-death guard,
// each mechanism's wrapper, the sandbox, the privilege drop, then the command itself. The
// only shell in the chain is the fixed gate, which passes every argument on untouched.

import type { Settings } from '../config/registry.ts';
import { findTool } from '../limits/find-tool.ts';
import type { LimitValues } from '../limits/mechanism.ts';
import { buildPrivilegeDrop, lookUpUser } from '../limits/privileges.ts';
import { buildSandbox } from '../limits/sandbox.ts';
import type { Selection } from '../limits/select.ts';
import { buildWorkloadEnv } from '../limits/workload-env.ts';

/** Everything needed to spawn the workload. */
export interface LaunchPlan {
  argv: string[];
  env: NodeJS.ProcessEnv;
  /** Whether the workload dies with ttsguard (PR_SET_PDEATHSIG through setpriv). */
  pdeathsig: boolean;
  warnings: string[];
}

/** The settings that shape the launch besides the limits. */
export type LaunchSettings = LimitValues &
  Partial<
    Pick<
      Settings,
      'user' | 'group' | 'envClear' | 'envPass' | 'isolate' | 'writablePaths' | 'network'
    >
  >;

/** Builds the launch chain for `executable` and its arguments. */
export function buildLaunchPlan(
  executable: string,
  args: string[],
  limits: LaunchSettings,
  selection: Selection,
  env: NodeJS.ProcessEnv,
  context: { cwd?: string; gate?: string[] } = {},
): LaunchPlan {
  const warnings: string[] = [];
  const prefix: string[] = [...(context.gate ?? [])];
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
  if (limits.isolate) {
    prefix.push(
      ...buildSandbox({
        cwd: context.cwd ?? process.cwd(),
        writablePaths: limits.writablePaths ?? [],
        network: Boolean(limits.network),
      }),
    );
  }
  prefix.push(...buildPrivilegeDrop({ user: limits.user, group: limits.group }));
  const workloadEnv = buildWorkloadEnv(env, {
    envClear: Boolean(limits.envClear),
    envPass: limits.envPass ?? [],
    cpuCores: limits.cpuCores,
    account: limits.user === undefined ? undefined : lookUpUser(limits.user),
  });
  return {
    argv: [...prefix, executable, ...args],
    env: workloadEnv,
    pdeathsig: Boolean(setpriv),
    warnings,
  };
}
