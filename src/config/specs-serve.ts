// Settings of `serve`: supervision of a long-running server and its guard proxy.
import type { Kind, SettingKey, SettingSpec, Settings, Value } from './registry.ts';

export const SERVE_SPECS: readonly SettingSpec[] = [
  // serve: supervision of a long-running server (readiness, health, restarts).
  serveSpec(
    'startTimeout',
    'startTimeoutMs',
    'duration',
    'how long the server may take to become ready',
    120_000,
  ),
  serveSpec(
    'healthInterval',
    'healthIntervalMs',
    'duration',
    'time between health probes (GET /details)',
    10_000,
  ),
  serveSpec(
    'healthTimeout',
    'healthTimeoutMs',
    'duration',
    'how long one health probe may take',
    2_000,
  ),
  serveSpec(
    'healthFailures',
    'healthFailures',
    'count',
    'restart after this many failed probes in a row',
    3,
  ),
  {
    ...serveSpec(
      'restart',
      'restartPolicy',
      'choice',
      'restart the server: on-failure, always or never',
      'on-failure',
    ),
    choices: ['on-failure', 'always', 'never'],
  },
  serveSpec(
    'restartDelay',
    'restartDelayMs',
    'duration',
    'first restart backoff; doubles on each failure',
    500,
  ),
  serveSpec(
    'restartDelayMax',
    'restartDelayMaxMs',
    'duration',
    'the cap of the restart backoff',
    30_000,
  ),
  serveSpec(
    'stableAfter',
    'stableAfterMs',
    'duration',
    'uptime after which the backoff starts again',
    30_000,
  ),
  serveSpec(
    'restartLimit',
    'restartLimit',
    'count',
    'give up after this many failure restarts in --restart-window',
    5,
  ),
  serveSpec(
    'restartWindow',
    'restartWindowMs',
    'duration',
    'the window of --restart-limit',
    60_000,
  ),
  serveSpec(
    'restartMemory',
    'restartMemoryBytes',
    'size',
    "graceful restart once the tree's RSS passes SIZE",
  ),
  serveSpec(
    'drainGrace',
    'drainGraceMs',
    'duration',
    'how long in-flight requests may finish before a restart or stop',
    30_000,
  ),
  // serve: the guard proxy in front of the server.
  serveSpec(
    'listen',
    'listen',
    'address',
    'run the guard proxy on HOST:PORT (PORT alone: loopback)',
  ),
  serveSpec(
    'upstream',
    'upstream',
    'url',
    "the server's URL (default: http://127.0.0.1:<the command's --port>)",
  ),
  serveSpec('maxText', 'maxTextChars', 'count', 'refuse longer text with 413'),
  serveSpec('concurrency', 'concurrency', 'count', 'requests passed to the server at once', 1),
  serveSpec('queue', 'queueSize', 'whole', 'requests that may wait; more get 503', 16),
  serveSpec(
    'queueTimeout',
    'queueTimeoutMs',
    'duration',
    'longest wait in the queue; then 503',
    30_000,
  ),
  serveSpec(
    'requestTimeout',
    'requestTimeoutMs',
    'duration',
    'longest synthesis; then 504 and a restart',
    120_000,
  ),
  serveSpec(
    'rate',
    'ratePerSecond',
    'rate',
    'requests per second per client address; more get 429',
  ),
  serveSpec(
    'metrics',
    'metrics',
    'address',
    'serve Prometheus /metrics on HOST:PORT (PORT alone: loopback)',
  ),
];

/** A setting of `serve` only. */
function serveSpec(
  key: SettingKey,
  field: keyof Settings,
  kind: Kind,
  describe: string,
  defaultValue?: Value,
): SettingSpec {
  const flag = `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return { key, field, flag, kind, describe, defaultValue, scope: 'serve' };
}
