// Several consumers of one run (the terminal, the record, alerts, metrics) behind the single
// observer that supervision talks to.
import type { RunEvent, RunObserver } from './events.ts';

/** One observer that hands every event to each of `observers`, in order. */
export function combineObservers(...observers: Array<RunObserver | undefined>): RunObserver {
  const present = observers.filter((observer): observer is RunObserver => Boolean(observer));
  if (present.length === 1) return present[0]!;
  return (event: RunEvent) => {
    for (const observer of present) observer(event);
  };
}
