// The periodic health probe of a ready server: after `failures` misses in a row it asks
// for a restart, once.
import { probe } from './probe.ts';

/** The health check's settings. */
export interface HealthSettings {
  healthIntervalMs: number;
  healthTimeoutMs: number;
  healthFailures: number;
}

/** Starts probing `upstream`; returns the function that stops it. */
export function watchHealth(
  upstream: URL,
  settings: HealthSettings,
  onUnhealthy: (message: string) => void,
): () => void {
  let misses = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const next = () => {
    if (stopped) return;
    timer = setTimeout(async () => {
      const result = await probe(upstream, settings.healthTimeoutMs);
      if (stopped) return;
      misses = result.ok ? 0 : misses + 1;
      if (!result.ok && misses >= settings.healthFailures) {
        onUnhealthy(`health: ${misses} probes in a row failed, the last with ${result.reason}`);
        return;
      }
      next();
    }, settings.healthIntervalMs);
  };
  next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
