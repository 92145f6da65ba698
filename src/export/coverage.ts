// What each engine makes of each setting: the engine's own name for it, or why it cannot
// hold it. The renderers, the stderr notes, the --wrap flags and the README table all read
// this one table.
import { type SettingKey, specOf } from '../config/registry.ts';
import type { Engine, Shape } from './export-types.ts';

/** How one engine holds one setting: by a named setting of its own, partly, or not at all. */
export type Mapping = { to: string; partly?: string } | { no: string };

/** A mapping, or one per shape (`wrapped` falls back to `server`). */
type Cell = Mapping | { oneshot?: Mapping; server?: Mapping; wrapped?: Mapping };

const to = (name: string, partly?: string): Mapping =>
  partly ? { to: name, partly } : { to: name };
const no = (why: string): Mapping => ({ no: why });
const same = (cell: Cell): Record<Engine, Cell> => ({ systemd: cell, docker: cell, k8s: cell });

const OWN = no("it is ttsguard's own behaviour, not a limit of the workload");
const GUARD = no('the guard proxy exists only with --wrap');
const NEEDS_WRAP = no('only ttsguard serve does this; use --wrap');
const NOT_AFTER_EXIT = no('nothing checks the workload after it exits');
const CPU_TREE = "the engine's RLIMIT_CPU is per process, not the tree's total";
const K8S_NO_RLIMIT = no('Kubernetes sets no rlimits on containers');
const SERVE_STOPS = no('ttsguard serve is stopped with SIGTERM and sends --signal itself');
const NO_HEALTH = no('systemd has no HTTP health probe; use --wrap');

const TABLE: Record<SettingKey, Record<Engine, Cell>> = {
  timeout: {
    systemd: {
      oneshot: to('TimeoutStartSec='),
      server: to('RuntimeMaxSec='),
      // RuntimeMaxSec= would end serve itself; serve applies --timeout to each server lifetime.
      wrapped: no('ttsguard serve applies it to each server lifetime'),
    },
    docker: no('docker run has no wall-clock limit'),
    k8s: {
      oneshot: to('activeDeadlineSeconds'),
      server: no('a Deployment has no lifetime limit'),
      wrapped: no('a Deployment has no lifetime limit'),
    },
  },
  killAfter: {
    systemd: to('TimeoutStopSec='),
    docker: to('--stop-timeout'),
    k8s: to('terminationGracePeriodSeconds'),
  },
  signal: {
    systemd: { oneshot: to('KillSignal='), server: to('KillSignal='), wrapped: SERVE_STOPS },
    docker: { oneshot: to('--stop-signal'), server: to('--stop-signal'), wrapped: SERVE_STOPS },
    k8s: no('Kubernetes stops containers with SIGTERM (or the STOPSIGNAL of the image)'),
  },
  memory: {
    systemd: to('MemoryMax=, MemorySwapMax=0'),
    docker: to('--memory, --memory-swap (equal: no swap)'),
    k8s: to('resources.limits.memory'),
  },
  cpuTime: {
    systemd: to('LimitCPU=', CPU_TREE),
    docker: to('--ulimit cpu=', CPU_TREE),
    k8s: K8S_NO_RLIMIT,
  },
  addressSpace: { systemd: to('LimitAS='), docker: to('--ulimit as='), k8s: K8S_NO_RLIMIT },
  openFiles: { systemd: to('LimitNOFILE='), docker: to('--ulimit nofile='), k8s: K8S_NO_RLIMIT },
  fileSize: { systemd: to('LimitFSIZE='), docker: to('--ulimit fsize='), k8s: K8S_NO_RLIMIT },
  coreDumps: {
    systemd: to('LimitCORE='),
    docker: to('--ulimit core='),
    k8s: no('core dumps are a setting of the node'),
  },
  interval: same(OWN),
  warnAt: same(no('the engines do not warn before a limit is reached')),
  jsonSummary: same(OWN),
  expectWav: same(NOT_AFTER_EXIT),
  preserveStatus: same(OWN),
  quiet: same(OWN),
  verbose: same(OWN),
  memoryHigh: {
    systemd: to('MemoryHigh='),
    docker: to('--memory-reservation', 'docker reclaims down to it only under host pressure'),
    k8s: to('resources.requests.memory', 'Kubernetes does not throttle; it is the request only'),
  },
  cpus: {
    systemd: to('CPUQuota=, Environment=OMP_NUM_THREADS…'),
    docker: to('--cpus, -e OMP_NUM_THREADS…'),
    k8s: to('resources.limits.cpu, requests.cpu, env OMP_NUM_THREADS…'),
  },
  tasks: {
    systemd: to('TasksMax='),
    docker: to('--pids-limit'),
    k8s: no("a pod's PID limit is the kubelet's podPidsLimit"),
  },
  user: { systemd: to('User='), docker: to('--user'), k8s: to('securityContext.runAsUser') },
  group: {
    systemd: to('Group='),
    docker: to('--user USER:GROUP'),
    k8s: to('securityContext.runAsGroup'),
  },
  envClear: {
    systemd: to('(services start with a clean environment)'),
    docker: no("a container starts with its image's environment"),
    k8s: no("a container starts with its image's environment"),
  },
  env: { systemd: to('Environment=, PassEnvironment='), docker: to('-e'), k8s: to('env') },
  isolate: {
    systemd: to('ProtectSystem=strict, PrivateTmp=yes, PrivateNetwork=yes, NoNewPrivileges=yes'),
    docker: to('--read-only, --tmpfs /tmp, --network none, --security-opt no-new-privileges'),
    k8s: to('readOnlyRootFilesystem, emptyDir /tmp, allowPrivilegeEscalation: false'),
  },
  writable: {
    systemd: to('ReadWritePaths='),
    docker: to('--volume PATH', 'an anonymous volume, not the host folder'),
    k8s: to('emptyDir volume', 'an empty volume, not the host folder'),
  },
  network: {
    systemd: to('(no PrivateNetwork=)'),
    docker: to('(no --network none)'),
    k8s: to('(pods have the network)'),
  },
  strict: same(OWN),
  mechanisms: same(OWN),
  record: same(OWN),
  onAlert: same(OWN),
  metricsTextfile: same(OWN),
  metricsInterval: same(OWN),
  startTimeout: {
    systemd: {
      server: no('systemd cannot tell when the server is ready; use --wrap'),
      wrapped: to('TimeoutStartSec= (Type=notify)'),
    },
    docker: to('--health-start-period'),
    k8s: to('startupProbe failureThreshold × periodSeconds'),
  },
  healthInterval: { systemd: NO_HEALTH, docker: to('--health-interval'), k8s: to('periodSeconds') },
  healthTimeout: { systemd: NO_HEALTH, docker: to('--health-timeout'), k8s: to('timeoutSeconds') },
  healthFailures: {
    systemd: NO_HEALTH,
    docker: to('--health-retries', 'plain docker marks the container unhealthy, no restart'),
    k8s: to('livenessProbe.failureThreshold'),
  },
  restart: {
    systemd: to('Restart='),
    docker: to('--restart'),
    k8s: to('restartPolicy: Always (a Deployment always restarts)'),
  },
  restartDelay: {
    systemd: to('RestartSec=', 'the delay does not grow'),
    docker: no("docker's restart backoff is its own (100ms, doubling)"),
    k8s: no("the kubelet's CrashLoopBackOff is its own (10s, doubling to 5m)"),
  },
  restartDelayMax: same(no('the engine does not grow the restart delay as ttsguard does')),
  stableAfter: same(no('the engine does not reset a backoff after an uptime')),
  restartLimit: {
    systemd: to('StartLimitBurst='),
    docker: to('--restart on-failure:N', 'docker counts restarts since start, not per window'),
    k8s: no('a Deployment never gives up restarting'),
  },
  restartWindow: {
    systemd: to('StartLimitIntervalSec='),
    docker: no('docker counts restarts since start, not per window'),
    k8s: no('a Deployment never gives up restarting'),
  },
  restartMemory: same(NEEDS_WRAP),
  drainGrace: same({ server: NEEDS_WRAP, wrapped: to('part of the stop timeout') }),
  listen: same(GUARD),
  upstream: same(GUARD),
  maxText: same(GUARD),
  concurrency: same(GUARD),
  queue: same(GUARD),
  queueTimeout: same(GUARD),
  requestTimeout: same(GUARD),
  rate: same(GUARD),
  metrics: same(NEEDS_WRAP),
};

const ONESHOT = no('a one-shot run has no server to probe, restart or guard');

/** How `engine` holds `key` for a workload of `shape`. */
export function mappingOf(engine: Engine, key: SettingKey, shape: Shape): Mapping {
  const cell = TABLE[key][engine];
  const plain = 'to' in cell || 'no' in cell;
  const found = plain
    ? undefined
    : shape === 'wrapped'
      ? (cell.wrapped ?? cell.server)
      : cell[shape];
  if (found) return found;
  if (specOf(key).scope === 'serve' && shape === 'oneshot') return ONESHOT;
  if (plain) return cell;
  throw new Error(`coverage: no ${shape} mapping of ${key} for ${engine}`);
}
