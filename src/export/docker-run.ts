// Renders the settings as a `docker run` command, one flag per line with `\` continuations,
// every word quoted for a POSIX shell.
import { resolve } from 'node:path';
import { cpuSeconds } from '../limits/rlimit.ts';
import { containerFacts } from './container-facts.ts';
import type { ExportRequest, Note, Rendered } from './export-types.ts';
import { findGaps } from './gaps.ts';
import { timeSpan, wholeSeconds } from './quantities.ts';
import { shellJoin, shellQuote } from './quoting.ts';
import { workloadEnvironment } from './workload-environment.ts';

/** A `docker run …` command line for the request. */
export function renderDockerRun(request: ExportRequest): Rendered {
  const { settings: s, shape } = request;
  const { notes } = findGaps('docker', request);
  const facts = containerFacts(request, 'docker');
  const isServer = shape !== 'oneshot';
  const lines: string[][] = [['--name', request.name]];
  const add = (...words: Array<string | number>) => lines.push(words.map(String));

  if (isServer) add('--detach');
  else add('--rm');
  for (const { port } of facts.ports) add('--publish', `${port}:${port}`);
  if (s.memoryBytes !== undefined) {
    add('--memory', dockerSize(s.memoryBytes));
    // Equal to --memory: the container gets no swap on top of its memory.
    add('--memory-swap', dockerSize(s.memoryBytes));
  }
  if (s.memoryHighBytes !== undefined) add('--memory-reservation', dockerSize(s.memoryHighBytes));
  if (s.cpuCores !== undefined) add('--cpus', s.cpuCores);
  if (s.tasks !== undefined) add('--pids-limit', s.tasks);
  if (s.cpuTimeMs !== undefined) {
    const { soft, hard } = cpuSeconds(s);
    add('--ulimit', `cpu=${soft}:${hard}`);
  }
  if (s.addressSpaceBytes !== undefined) add('--ulimit', `as=${s.addressSpaceBytes}`);
  if (s.openFiles !== undefined) add('--ulimit', `nofile=${s.openFiles}:${s.openFiles}`);
  if (s.fileSizeBytes !== undefined) add('--ulimit', `fsize=${s.fileSizeBytes}`);
  add('--ulimit', s.coreDumps ? 'core=-1' : 'core=0');
  const stopMs = shape === 'wrapped' ? s.drainGraceMs + s.killAfterMs : s.killAfterMs;
  add('--stop-timeout', wholeSeconds(stopMs));
  if (shape !== 'wrapped') add('--stop-signal', s.signal);
  add('--restart', isServer ? restartValue(s) : 'no');

  if (s.user) add('--user', s.group ? `${s.user}:${s.group}` : s.user);
  else if (s.group) notes.push(groupAlone());
  if (s.isolate) {
    add('--read-only');
    add('--tmpfs', '/tmp');
    add('--security-opt', 'no-new-privileges');
    for (const path of s.writablePaths) add('--volume', resolve(request.cwd, path));
    if (!s.network) add('--network', 'none');
  }
  const environment = workloadEnvironment(s);
  for (const [key, value] of environment.values) add('--env', `${key}=${value}`);
  for (const key of environment.passed) add('--env', key);

  if (isServer) {
    const url = `http://127.0.0.1:${facts.probe.port}${facts.probe.path}`;
    add('--health-cmd', `python3 -c 'import urllib.request; urllib.request.urlopen("${url}")'`);
    add('--health-interval', timeSpan(s.healthIntervalMs));
    add('--health-timeout', timeSpan(s.healthTimeoutMs));
    add('--health-retries', s.healthFailures);
    add('--health-start-period', timeSpan(s.startTimeoutMs));
  }

  const body = lines.map((words) => `  ${shellJoin(words)} \\`);
  const last = `  ${shellQuote(request.image)} ${shellJoin(facts.command)}`;
  return {
    text: `${['docker run \\', ...body, last].join('\n')}\n`,
    notes,
    warnings: facts.warnings,
  };
}

/** Bytes in docker's notation (base 1024, lower-case suffix), exact. */
function dockerSize(bytes: number): string {
  const steps: Array<[string, number]> = [
    ['g', 1024 ** 3],
    ['m', 1024 ** 2],
    ['k', 1024],
  ];
  const step = steps.find(([, factor]) => bytes % factor === 0);
  return step ? `${bytes / step[1]}${step[0]}` : `${bytes}b`;
}

function restartValue(s: ExportRequest['settings']): string {
  if (s.restartPolicy === 'never') return 'no';
  if (s.restartPolicy === 'always') return 'always';
  return `on-failure:${s.restartLimit}`;
}

function groupAlone(): Note {
  return { flag: '--group', partly: false, why: 'docker sets a group only with --user USER:GROUP' };
}
