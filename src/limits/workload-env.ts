// The environment the workload starts with: the caller's, or with --env-clear only what
// --env names; and with --cpus, thread-pool sizes so PyTorch does not start a thread per
// host core.
import { InputError } from '../config/input-error.ts';

/** Variables that size the thread pools of PyTorch, MKL, OpenBLAS and numexpr. */
export const THREAD_VARIABLES = [
  'OMP_NUM_THREADS',
  'MKL_NUM_THREADS',
  'OPENBLAS_NUM_THREADS',
  'NUMEXPR_NUM_THREADS',
] as const;

/** What shapes the workload's environment. */
export interface EnvOptions {
  envClear: boolean;
  envPass: string[];
  cpuCores?: number;
  /** Identity variables of the user the workload runs as, when it is another one. */
  account?: { name: string; home: string };
}

/** Builds the workload's environment from ttsguard's own. */
export function buildWorkloadEnv(from: NodeJS.ProcessEnv, options: EnvOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = options.envClear ? {} : { ...from };
  if (options.account) {
    env.HOME = options.account.home;
    env.USER = options.account.name;
    env.LOGNAME = options.account.name;
  }
  for (const entry of options.envPass) {
    const equals = entry.indexOf('=');
    const key = equals === -1 ? entry : entry.slice(0, equals);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new InputError(`--env: ${JSON.stringify(entry)} is not KEY=VALUE or KEY`);
    }
    if (equals !== -1) env[key] = entry.slice(equals + 1);
    else if (from[key] !== undefined) env[key] = from[key];
  }
  if (options.cpuCores !== undefined) {
    const threads = String(Math.max(1, Math.ceil(options.cpuCores)));
    for (const name of THREAD_VARIABLES) env[name] ??= threads;
  }
  return env;
}
