// Every setting ttsguard knows, once: its config key, flag, environment variable, kind and
// default. Flags, config files, profiles and the environment are all read through this table,
// whose rows live in specs-*.ts by concern.

import { KERNEL_SPECS } from './specs-kernel.ts';
import { RECORD_SPECS } from './specs-record.ts';
import { RUN_SPECS } from './specs-run.ts';
import { SERVE_SPECS } from './specs-serve.ts';

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

/** Every setting, in the order `--help` and `ttsguard config` show them. */
export const SPECS: readonly SettingSpec[] = [
  ...RUN_SPECS,
  ...KERNEL_SPECS,
  ...RECORD_SPECS,
  ...SERVE_SPECS,
];

const BY_KEY = new Map(SPECS.map((spec) => [spec.key, spec]));

/** The spec of one key. */
export function specOf(key: SettingKey): SettingSpec {
  return BY_KEY.get(key)!;
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
