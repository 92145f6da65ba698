// Every setting ttsguard knows, once: its config key, flag, environment variable, kind and
// default. Flags, config files, profiles and the environment are all read through this table.

export type Kind =
  | 'size'
  | 'duration'
  | 'count'
  | 'signal'
  | 'boolean'
  | 'path'
  | 'percent'
  | 'cores'
  | 'name'
  | 'list'
  | 'names'
  | 'command'
  | 'whole'
  | 'address'
  | 'url'
  | 'choice'
  | 'rate';

/** One setting's description. */
export interface SettingSpec {
  /** Key in config files and in `Settings`. */
  key: SettingKey;
  /** Field of `Settings` that holds the parsed value (its name carries the unit). */
  field: keyof Settings;
  /** Long flag, without the value placeholder. */
  flag: string;
  kind: Kind;
  describe: string;
  defaultValue?: Value;
  /** The accepted values of a `choice` setting. */
  choices?: readonly string[];
  /** Set for settings that only `ttsguard serve` reads; they are not flags of `run`. */
  scope?: 'serve';
}

export type Value = number | string | boolean | string[];

/** The fully resolved settings of one command: plain typed values, units in the names. */
export interface Settings {
  timeoutMs?: number;
  killAfterMs: number;
  signal: string;
  memoryBytes?: number;
  cpuTimeMs?: number;
  addressSpaceBytes?: number;
  openFiles?: number;
  fileSizeBytes?: number;
  coreDumps: boolean;
  intervalMs: number;
  warnAtPercent: number;
  jsonSummary?: string;
  expectWav?: string;
  preserveStatus: boolean;
  quiet: boolean;
  verbose: boolean;
  memoryHighBytes?: number;
  cpuCores?: number;
  tasks?: number;
  user?: string;
  group?: string;
  envClear: boolean;
  envPass: string[];
  isolate: boolean;
  writablePaths: string[];
  network: boolean;
  strict: boolean;
  mechanisms?: string[];
  /** Records: a JSON-lines file, or a folder that gets one timestamped file per run. */
  recordPath?: string;
  /** Shell command run once per near-limit crossing, details in TTSGUARD_ALERT_*. */
  onAlert?: string;
  metricsTextfile?: string;
  metricsIntervalMs: number;
  // serve: supervision of a long-running server, and its guard proxy.
  startTimeoutMs: number;
  healthIntervalMs: number;
  healthTimeoutMs: number;
  healthFailures: number;
  restartPolicy: RestartPolicy;
  restartDelayMs: number;
  restartDelayMaxMs: number;
  stableAfterMs: number;
  restartLimit: number;
  restartWindowMs: number;
  restartMemoryBytes?: number;
  drainGraceMs: number;
  /** The guard proxy's address, `HOST:PORT`. */
  listen?: string;
  /** The server's base URL; by default from the command's `--port`. */
  upstream?: string;
  maxTextChars?: number;
  concurrency: number;
  queueSize: number;
  queueTimeoutMs: number;
  requestTimeoutMs: number;
  ratePerSecond?: number;
  /** Where `/metrics` is served, `HOST:PORT`. */
  metrics?: string;
}

/** When `serve` starts the server again after it ended. */
export type RestartPolicy = 'on-failure' | 'always' | 'never';

export const SETTING_KEYS = [
  'timeout',
  'killAfter',
  'signal',
  'memory',
  'cpuTime',
  'addressSpace',
  'openFiles',
  'fileSize',
  'coreDumps',
  'interval',
  'warnAt',
  'jsonSummary',
  'expectWav',
  'preserveStatus',
  'quiet',
  'verbose',
  'memoryHigh',
  'cpus',
  'tasks',
  'user',
  'group',
  'envClear',
  'env',
  'isolate',
  'writable',
  'network',
  'strict',
  'mechanisms',
  'record',
  'onAlert',
  'metricsTextfile',
  'metricsInterval',
  'startTimeout',
  'healthInterval',
  'healthTimeout',
  'healthFailures',
  'restart',
  'restartDelay',
  'restartDelayMax',
  'stableAfter',
  'restartLimit',
  'restartWindow',
  'restartMemory',
  'drainGrace',
  'listen',
  'upstream',
  'maxText',
  'concurrency',
  'queue',
  'queueTimeout',
  'requestTimeout',
  'rate',
  'metrics',
] as const;

export type SettingKey = (typeof SETTING_KEYS)[number];

const PLACEHOLDER: Record<Kind, string> = {
  size: 'SIZE',
  duration: 'DUR',
  count: 'N',
  signal: 'SIG',
  boolean: '',
  path: 'FILE',
  percent: 'P%',
  cores: 'N',
  name: 'NAME',
  list: 'VALUE',
  names: 'LIST',
  command: 'CMD',
  whole: 'N',
  address: 'HOST:PORT',
  url: 'URL',
  choice: 'MODE',
  rate: 'N/s',
};

export const SPECS: readonly SettingSpec[] = [
  {
    key: 'timeout',
    field: 'timeoutMs',
    flag: '--timeout',
    kind: 'duration',
    describe: 'wall-clock limit',
  },
  {
    key: 'killAfter',
    field: 'killAfterMs',
    flag: '--kill-after',
    kind: 'duration',
    describe: 'grace between the stop signal and SIGKILL',
    defaultValue: 5000,
  },
  {
    key: 'signal',
    field: 'signal',
    flag: '--signal',
    kind: 'signal',
    describe: 'stop signal sent first',
    defaultValue: 'SIGTERM',
  },
  {
    key: 'memory',
    field: 'memoryBytes',
    flag: '--memory',
    kind: 'size',
    describe: "ceiling on the whole tree's resident memory",
  },
  {
    key: 'cpuTime',
    field: 'cpuTimeMs',
    flag: '--cpu-time',
    kind: 'duration',
    describe: 'CPU-time ceiling, per process (RLIMIT_CPU) and for the tree',
  },
  {
    key: 'addressSpace',
    field: 'addressSpaceBytes',
    flag: '--address-space',
    kind: 'size',
    describe: 'per-process RLIMIT_AS (breaks PyTorch easily; see README)',
  },
  {
    key: 'openFiles',
    field: 'openFiles',
    flag: '--open-files',
    kind: 'count',
    describe: 'RLIMIT_NOFILE',
  },
  {
    key: 'fileSize',
    field: 'fileSizeBytes',
    flag: '--file-size',
    kind: 'size',
    describe: 'RLIMIT_FSIZE',
  },
  {
    key: 'coreDumps',
    field: 'coreDumps',
    flag: '--core-dumps',
    kind: 'boolean',
    describe: 'allow core dumps (off by default)',
    defaultValue: false,
  },
  {
    key: 'interval',
    field: 'intervalMs',
    flag: '--interval',
    kind: 'duration',
    describe: 'sampling interval of the watchdog and the table',
    defaultValue: 1000,
  },
  {
    key: 'warnAt',
    field: 'warnAtPercent',
    flag: '--warn-at',
    kind: 'percent',
    describe: 'warn when the tree crosses this share of a limit',
    defaultValue: 80,
  },
  {
    key: 'jsonSummary',
    field: 'jsonSummary',
    flag: '--json-summary',
    kind: 'path',
    describe: 'write the outcome as JSON to FILE at exit',
  },
  {
    key: 'expectWav',
    field: 'expectWav',
    flag: '--expect-wav',
    kind: 'path',
    describe: 'after a clean exit, fail unless FILE is a valid, non-empty WAV',
  },
  {
    key: 'preserveStatus',
    field: 'preserveStatus',
    flag: '--preserve-status',
    kind: 'boolean',
    describe: "exit with the workload's status even when ttsguard stopped it",
    defaultValue: false,
  },
  {
    key: 'quiet',
    field: 'quiet',
    flag: '--quiet',
    kind: 'boolean',
    describe: 'only errors and the stop reason',
    defaultValue: false,
  },
  {
    key: 'verbose',
    field: 'verbose',
    flag: '--verbose',
    kind: 'boolean',
    describe: 'also the launch chain and each sample',
    defaultValue: false,
  },
  {
    key: 'memoryHigh',
    field: 'memoryHighBytes',
    flag: '--memory-high',
    kind: 'size',
    describe: 'throttle the tree above this much memory (cgroup memory.high)',
  },
  {
    key: 'cpus',
    field: 'cpuCores',
    flag: '--cpus',
    kind: 'cores',
    describe: 'cores the tree may use, fractional (cgroup quota, else affinity)',
  },
  {
    key: 'tasks',
    field: 'tasks',
    flag: '--tasks',
    kind: 'count',
    describe: 'processes plus threads of the tree (cgroup pids.max)',
  },
  {
    key: 'user',
    field: 'user',
    flag: '--user',
    kind: 'name',
    describe: 'run the workload as this user (root only; setpriv, no new privileges)',
  },
  {
    key: 'group',
    field: 'group',
    flag: '--group',
    kind: 'name',
    describe: 'run the workload with this group (root only)',
  },
  {
    key: 'envClear',
    field: 'envClear',
    flag: '--env-clear',
    kind: 'boolean',
    describe: 'start the workload with only the variables named by --env',
    defaultValue: false,
  },
  {
    key: 'env',
    field: 'envPass',
    flag: '--env',
    kind: 'list',
    describe: 'KEY=VALUE to set, or KEY to pass on from here (repeatable)',
    defaultValue: [],
  },
  {
    key: 'isolate',
    field: 'isolate',
    flag: '--isolate',
    kind: 'boolean',
    describe: 'bubblewrap sandbox: read-only system, private /tmp, no network',
    defaultValue: false,
  },
  {
    key: 'writable',
    field: 'writablePaths',
    flag: '--writable',
    kind: 'list',
    describe: 'with --isolate, also let the workload write PATH (repeatable)',
    defaultValue: [],
  },
  {
    key: 'network',
    field: 'network',
    flag: '--network',
    kind: 'boolean',
    describe: 'with --isolate, keep the network',
    defaultValue: false,
  },
  {
    key: 'strict',
    field: 'strict',
    flag: '--strict',
    kind: 'boolean',
    describe: 'refuse to start when a limit could only be held by the watchdog',
    defaultValue: false,
  },
  {
    key: 'mechanisms',
    field: 'mechanisms',
    flag: '--mechanisms',
    kind: 'names',
    describe: 'only use these mechanisms, comma-separated (e.g. rlimit,watchdog)',
  },
  // Records, alerts and metrics.
  {
    key: 'record',
    field: 'recordPath',
    flag: '--record',
    kind: 'path',
    describe: 'append a JSON-lines record to FILE, or write a new timestamped one into a folder',
  },
  {
    key: 'onAlert',
    field: 'onAlert',
    flag: '--on-alert',
    kind: 'command',
    describe: 'run CMD through /bin/sh when a limit is neared (details in TTSGUARD_ALERT_*)',
  },
  {
    key: 'metricsTextfile',
    field: 'metricsTextfile',
    flag: '--metrics-textfile',
    kind: 'path',
    describe: "write Prometheus metrics to FILE (node_exporter's textfile collector)",
  },
  {
    key: 'metricsInterval',
    field: 'metricsIntervalMs',
    flag: '--metrics-interval',
    kind: 'duration',
    describe: 'how often --metrics-textfile is rewritten during a run',
    defaultValue: 15_000,
  },
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

const BY_KEY = new Map(SPECS.map((spec) => [spec.key, spec]));

/** The spec of one key. */
export function specOf(key: SettingKey): SettingSpec {
  return BY_KEY.get(key)!;
}

/** Whether a string names a known setting. */
export function isSettingKey(key: string): key is SettingKey {
  return BY_KEY.has(key as SettingKey);
}

/** The flag with its placeholder, as commander wants it: `--memory <SIZE>`. */
export function flagSyntax(spec: SettingSpec): string {
  const placeholder = PLACEHOLDER[spec.kind];
  return placeholder ? `${spec.flag} <${placeholder}>` : spec.flag;
}

/** The environment variable of a key: `killAfter` → `TTSGUARD_KILL_AFTER`. */
export function envName(key: SettingKey): string {
  return `TTSGUARD_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}
