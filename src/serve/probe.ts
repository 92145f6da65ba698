// Asks the server whether it answers: readiness at start-up (port open, then an HTTP GET)
// and the periodic health probe both use one GET of /details.
import http from 'node:http';

/** What one probe found: ok, or the reason it failed. */
export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** The path probed; tts-server answers it without taking its synthesis lock. */
export const PROBE_PATH = '/details';

/** One GET of the probe path, bounded by `timeoutMs`. A status below 500 counts as up. */
export function probe(upstream: URL, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: upstream.hostname, port: upstream.port || 80, path: PROBE_PATH, agent: false },
      (response) => {
        response.resume();
        const status = response.statusCode ?? 0;
        resolve(status < 500 ? { ok: true } : { ok: false, reason: `HTTP ${status}` });
      },
    );
    request.setTimeout(timeoutMs, () => {
      request.destroy();
      resolve({ ok: false, reason: `no answer within ${timeoutMs} ms` });
    });
    request.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, reason: error.code ?? error.message });
    });
  });
}

/**
 * Probes until the server answers, `timeoutMs` passes, or `isOver()` says the wait is
 * moot (the server ended, or ttsguard is stopping). Resolves with the time it took, or
 * undefined when it never became ready.
 */
export async function waitReady(
  upstream: URL,
  timeoutMs: number,
  isOver: () => boolean,
): Promise<number | undefined> {
  const startedAt = performance.now();
  let pause = 50;
  while (!isOver()) {
    const left = timeoutMs - (performance.now() - startedAt);
    if (left <= 0) return undefined;
    const result = await probe(upstream, Math.min(2000, left));
    if (result.ok) return performance.now() - startedAt;
    await new Promise((resolve) => setTimeout(resolve, Math.min(pause, left)));
    pause = Math.min(pause * 2, 500);
  }
  return undefined;
}
