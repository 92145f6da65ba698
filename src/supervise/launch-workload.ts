// Starts the workload: finds the command, prepares the mechanisms (cgroups), builds the
// launch chain and spawns it in its own session and process group.
import { type ChildProcess, spawn } from 'node:child_process';
import { type PreparedRun, prepareRun } from '../limits/prepare-run.ts';
import type { Selection } from '../limits/select.ts';
import { decideOutcome, type RunFacts } from './decide-outcome.ts';
import { buildLaunchPlan, type LaunchPlan } from './launch-plan.ts';
import type { Outcome } from './outcome.ts';
import { resolveCommand } from './resolve-command.ts';
import type { RunInput } from './supervise-run.ts';

/** A started workload, or the outcome of a start that failed. */
export type Launch =
  | { ok: false; outcome: Outcome }
  | { ok: true; child: ChildProcess; pid: number; prepared: PreparedRun; plan: LaunchPlan };

/** What every outcome of the run shares. */
export type RunBase = Pick<RunFacts, 'command' | 'startedAt' | 'settings' | 'selection'>;

/** Launches `input.command` with the selected mechanisms. */
export async function launchWorkload(
  input: RunInput,
  selection: Selection,
  base: RunBase,
): Promise<Launch> {
  const { command, settings } = input;
  const failed = (exitCode: 125, message: string): Launch => ({
    ok: false,
    outcome: decideOutcome({ ...base, spawnError: { ok: false, exitCode, message } }),
  });
  const resolution = resolveCommand(command[0]!, input.env.PATH ?? '', input.cwd);
  if (!resolution.ok)
    return { ok: false, outcome: decideOutcome({ ...base, spawnError: resolution }) };

  let prepared: PreparedRun;
  try {
    prepared = prepareRun(selection, settings);
  } catch (error) {
    return failed(125, (error as Error).message);
  }
  let plan: LaunchPlan;
  try {
    plan = buildLaunchPlan(resolution.path, command.slice(1), settings, selection, input.env, {
      cwd: input.cwd,
      gate: prepared.gate,
    });
  } catch (error) {
    await prepared.cleanup();
    throw error;
  }
  const child = spawn(plan.argv[0]!, plan.argv.slice(1), {
    cwd: input.cwd,
    env: plan.env,
    detached: true,
    stdio: [input.stdin, 'pipe', 'pipe'],
  });
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', resolve);
  });
  if (spawnError || child.pid === undefined) {
    await prepared.cleanup();
    return failed(125, `cannot start ${plan.argv[0]}: ${spawnError?.message ?? 'no pid'}`);
  }
  return { ok: true, child, pid: child.pid, prepared, plan };
}
