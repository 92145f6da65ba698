// The variables an engine should give the workload: --env's KEY=VALUE entries, the names
// --env passes on, and with --cpus the thread-pool sizes ttsguard itself would set.
import { InputError } from '../config/input-error.ts';
import type { Settings } from '../config/registry.ts';
import { THREAD_VARIABLES } from '../limits/workload-env.ts';

/** Variables with values, in order, and the names to pass on from the engine's environment. */
export interface WorkloadEnvironment {
  values: Array<[string, string]>;
  passed: string[];
}

/** The environment of `settings`, as the engines need it. */
export function workloadEnvironment(
  settings: Pick<Settings, 'envPass' | 'cpuCores'>,
): WorkloadEnvironment {
  const values = new Map<string, string>();
  const passed: string[] = [];
  for (const entry of settings.envPass) {
    const equals = entry.indexOf('=');
    const key = equals === -1 ? entry : entry.slice(0, equals);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
      throw new InputError(`--env: ${JSON.stringify(entry)} is not KEY=VALUE or KEY`);
    }
    if (equals === -1) passed.push(key);
    else values.set(key, entry.slice(equals + 1));
  }
  if (settings.cpuCores !== undefined) {
    const threads = String(Math.max(1, Math.ceil(settings.cpuCores)));
    for (const name of THREAD_VARIABLES) {
      if (!values.has(name) && !passed.includes(name)) values.set(name, threads);
    }
  }
  return { values: [...values], passed };
}
