// Renders the settings as a systemd service unit. The unit's cgroup holds the tree-wide
// limits (memory, CPU quota, tasks), Limit*= the per-process rlimits, and the sandboxing
// options stand in for --isolate.
import { resolve } from 'node:path';
import { cpuSeconds } from '../limits/rlimit.ts';
import type { ExportRequest, Rendered } from './export-types.ts';
import { findGaps } from './gaps.ts';
import { cpuQuota, exactSize, timeSpan } from './quantities.ts';
import { unitCommand, unitWord } from './quoting.ts';
import { serveCommandLine } from './serve-flags.ts';
import { absoluteProgram } from './workload.ts';
import { workloadEnvironment } from './workload-environment.ts';

/** The margin systemd waits beyond serve's own drain and kill grace before it kills serve. */
const SERVE_STOP_MARGIN_MS = 1000;

/** A `[Unit]`/`[Service]`/`[Install]` unit file for the request. */
export function renderSystemdUnit(request: ExportRequest): Rendered {
  const { settings: s, shape } = request;
  const { notes, carried } = findGaps('systemd', request);
  const warnings: string[] = [];
  const program = absoluteProgram(request.command[0]!, request.cwd, request.path);
  if (!program) {
    warnings.push(`export systemd: ${request.command[0]} is not on PATH; ExecStart needs its path`);
  }
  const command = [program ?? request.command[0]!, ...request.command.slice(1)];
  const exec =
    shape === 'wrapped' ? serveCommandLine(request.ttsguardPath, s, carried, command) : command;
  const isServer = shape !== 'oneshot';
  const restarts = isServer && s.restartPolicy !== 'never';

  const unit: string[] = [
    `# Rendered by ttsguard export systemd; what systemd cannot hold is listed on stderr.`,
    '[Unit]',
    `Description=${unitWord(`${request.name} (limits from ttsguard)`, false)}`,
  ];
  if (restarts) {
    unit.push(`StartLimitIntervalSec=${timeSpan(s.restartWindowMs)}`);
    unit.push(`StartLimitBurst=${s.restartLimit}`);
  }

  const service: string[] = ['', '[Service]'];
  const add = (key: string, value: string | number | undefined) => {
    if (value !== undefined) service.push(`${key}=${value}`);
  };
  add('Type', shape === 'oneshot' ? 'oneshot' : shape === 'wrapped' ? 'notify' : 'exec');
  // serve reports READY=1 through systemd-notify, a child of the main process.
  if (shape === 'wrapped') add('NotifyAccess', 'all');
  add('ExecStart', unitCommand(exec));
  add('WorkingDirectory', unitWord(request.cwd, false));
  if (isServer) {
    add('Restart', restartValue(s.restartPolicy));
    if (restarts) add('RestartSec', timeSpan(s.restartDelayMs));
  }
  if (shape === 'oneshot' && s.timeoutMs !== undefined)
    add('TimeoutStartSec', timeSpan(s.timeoutMs));
  // Wrapped, --timeout is handed to serve, which applies it to each server lifetime;
  // RuntimeMaxSec= would end serve itself.
  if (shape === 'server' && s.timeoutMs !== undefined) add('RuntimeMaxSec', timeSpan(s.timeoutMs));
  if (shape === 'wrapped') add('TimeoutStartSec', timeSpan(s.startTimeoutMs));
  add('KillMode', 'control-group');
  if (shape !== 'wrapped') add('KillSignal', s.signal);
  const stopMs =
    shape === 'wrapped' ? s.drainGraceMs + s.killAfterMs + SERVE_STOP_MARGIN_MS : s.killAfterMs;
  add('TimeoutStopSec', timeSpan(stopMs));
  add('User', s.user && unitWord(s.user, false));
  add('Group', s.group && unitWord(s.group, false));

  const environment = workloadEnvironment(s);
  for (const [key, value] of environment.values)
    add('Environment', unitWord(`${key}=${value}`, false));
  if (environment.passed.length) add('PassEnvironment', environment.passed.join(' '));

  if (s.memoryBytes !== undefined) add('MemoryMax', exactSize(s.memoryBytes));
  if (s.memoryHighBytes !== undefined) add('MemoryHigh', exactSize(s.memoryHighBytes));
  // Without this, a tree at its ceiling swaps instead of being stopped.
  if (s.memoryBytes !== undefined) add('MemorySwapMax', 0);
  if (s.cpuCores !== undefined) add('CPUQuota', cpuQuota(s.cpuCores));
  add('TasksMax', s.tasks);
  if (s.cpuTimeMs !== undefined) {
    const { soft, hard } = cpuSeconds(s);
    add('LimitCPU', `${soft}:${hard}`);
  }
  if (s.addressSpaceBytes !== undefined) add('LimitAS', s.addressSpaceBytes);
  add('LimitNOFILE', s.openFiles);
  if (s.fileSizeBytes !== undefined) add('LimitFSIZE', s.fileSizeBytes);
  add('LimitCORE', s.coreDumps ? 'infinity' : 0);

  if (s.isolate) {
    add('ProtectSystem', 'strict');
    add('PrivateTmp', 'yes');
    add('NoNewPrivileges', 'yes');
    const paths = s.writablePaths.map((path) => unitWord(resolve(request.cwd, path), false));
    if (paths.length) add('ReadWritePaths', paths.join(' '));
    if (!s.network) add('PrivateNetwork', 'yes');
  }

  const install = isServer ? ['', '[Install]', 'WantedBy=multi-user.target'] : [];
  return { text: `${[...unit, ...service, ...install].join('\n')}\n`, notes, warnings };
}

function restartValue(policy: ExportRequest['settings']['restartPolicy']): string {
  return policy === 'never' ? 'no' : policy;
}
