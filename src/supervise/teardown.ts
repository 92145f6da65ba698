// The end of a run, once the main process has exited: whatever of the tree is left is
// stopped, the output is drained (or given up on), and nothing is waited for that escaped.
import type { ChildProcess } from 'node:child_process';
import type { Settings } from '../config/registry.ts';
import type { ProcessTree } from '../monitor/process-tree.ts';
import type { RunObserver } from '../report/events.ts';
import type { Stopper } from './stopper.ts';

/**
 * After the root has gone, stops whatever of the tree is left and waits until it is gone;
 * returns how many outlived the root by themselves.
 */
export async function stopLeftovers(
  tree: ProcessTree,
  stopper: Stopper,
  settings: Settings,
  observe: RunObserver,
): Promise<number> {
  if (!tree.mayHaveSurvivors()) return 0;
  tree.scan();
  const survivors = tree.survivors().length;
  if (survivors === 0) return 0;
  // Members still dying from a stop already sent are part of that stop, not leftovers.
  const count = stopper.stopped ? 0 : survivors;
  if (count > 0) observe({ type: 'leftovers', count });
  if (!stopper.stopped) stopper.stop(settings.signal);
  const deadline = performance.now() + settings.killAfterMs + 2000;
  while (performance.now() < deadline) {
    tree.scan();
    if (tree.survivors().length === 0) break;
    await delay(20);
  }
  if (tree.survivors().length > 0) stopper.kill();
  return count;
}

/**
 * Waits up to a second for the workload's output to close. A pipe still open then is held by
 * a process that left the tree before any sample saw it (say, `setsid cmd &` and exit): it
 * runs unsupervised, and its pipes are closed so that ttsguard does not wait for it.
 */
export async function outputHeldOpen(
  output: Promise<unknown>,
  child: ChildProcess,
): Promise<string | undefined> {
  const closed = await Promise.race([output.then(() => true), delay(1000).then(() => false)]);
  if (closed) return undefined;
  child.stdout?.destroy();
  child.stderr?.destroy();
  return (
    'a process outside the tree still holds the output open ' +
    '(it left before any sample saw it); it runs unsupervised'
  );
}

/** A timer that does not keep the process alive. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
