// The typed events a run emits. Reporters consume them; they never decide anything.
import type { NearLimit } from '../limits/watchdog.ts';
import type { Sample } from '../monitor/sampler.ts';
import type { Outcome } from '../supervise/outcome.ts';

/** The run has started: what runs, under which limits, held by what. */
export interface StartEvent {
  type: 'start';
  pid: number;
  command: string[];
  argv: string[];
  limits: Record<string, number | string | boolean>;
  mechanismOf: Record<string, string>;
  warnings: string[];
}

export type RunEvent =
  | StartEvent
  | { type: 'sample'; sample: Sample }
  | { type: 'near'; near: NearLimit }
  | { type: 'verified'; limit: string; mechanism: string; inForce: boolean }
  | { type: 'stopping'; reason: string; message: string }
  | { type: 'leftovers'; count: number }
  | { type: 'warning'; message: string }
  | { type: 'end'; outcome: Outcome };

/** Anything that wants to hear about a run. */
export type RunObserver = (event: RunEvent) => void;

/** Adds one event line of its own kind to the record (`restart`, `request`, …). */
export type RecordEvent = (event: string, fields?: Record<string, unknown>) => void;
