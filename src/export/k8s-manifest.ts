// Renders the settings as a Kubernetes manifest: a Deployment for a server, a Job for a
// one-shot run, in YAML or JSON.
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { containerFacts } from './container-facts.ts';
import type { ExportRequest, Note, Rendered } from './export-types.ts';
import { findGaps } from './gaps.ts';
import { kubeSize, millicores, wholeSeconds } from './quantities.ts';
import { workloadEnvironment } from './workload-environment.ts';

type Json = Record<string, unknown>;

/** A Deployment or Job for the request. */
export function renderK8sManifest(request: ExportRequest): Rendered {
  const { settings: s, shape } = request;
  const { notes } = findGaps('k8s', request);
  if (shape !== 'oneshot' && request.setKeys.has('restart') && s.restartPolicy === 'never') {
    notes.push({ flag: '--restart never', partly: false, why: 'a Deployment always restarts' });
  }
  const facts = containerFacts(request, 'k8s');
  const labels = { 'app.kubernetes.io/name': request.name };
  const container: Json = {
    name: request.name,
    image: request.image,
    command: [facts.command[0]],
    args: facts.command.slice(1),
  };
  if (facts.ports.length) {
    container.ports = facts.ports.map(({ name, port }) => ({ name, containerPort: port }));
  }
  const env = environmentOf(s, notes);
  if (env.length) container.env = env;
  const resources = resourcesOf(s);
  if (resources) container.resources = resources;
  if (shape !== 'oneshot') Object.assign(container, probesOf(s, facts.probe));
  const volumes = isolationOf(request, container, notes);
  const security = securityOf(s, notes);
  if (Object.keys(security).length) {
    container.securityContext = { ...security, ...(container.securityContext as Json) };
  }

  const stopMs = shape === 'wrapped' ? s.drainGraceMs + s.killAfterMs : s.killAfterMs;
  const pod: Json = {
    terminationGracePeriodSeconds: wholeSeconds(stopMs),
    containers: [container],
  };
  if (volumes.length) pod.volumes = volumes;
  const document =
    shape === 'oneshot' ? jobOf(request, labels, pod) : deploymentOf(request, labels, pod);
  const text =
    request.format === 'json'
      ? `${JSON.stringify(document, null, 2)}\n`
      : stringify(document, { aliasDuplicateObjects: false });
  return { text, notes, warnings: facts.warnings };
}

function deploymentOf(request: ExportRequest, labels: Json, pod: Json): Json {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: request.name, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { ...pod, restartPolicy: 'Always' } },
    },
  };
}

function jobOf(request: ExportRequest, labels: Json, pod: Json): Json {
  const spec: Json = { backoffLimit: 0 };
  const { timeoutMs } = request.settings;
  if (timeoutMs !== undefined) spec.activeDeadlineSeconds = wholeSeconds(timeoutMs);
  spec.template = { metadata: { labels }, spec: { ...pod, restartPolicy: 'Never' } };
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: request.name, labels }, spec };
}

function environmentOf(s: ExportRequest['settings'], notes: Note[]): Json[] {
  const environment = workloadEnvironment(s);
  for (const key of environment.passed) {
    notes.push({
      flag: `--env ${key}`,
      partly: false,
      why: 'a pod has no environment to pass on; give KEY=VALUE or use a Secret',
    });
  }
  return environment.values.map(([name, value]) => ({ name, value }));
}

function resourcesOf(s: ExportRequest['settings']): Json | undefined {
  const limits: Json = {};
  const requests: Json = {};
  if (s.memoryBytes !== undefined) limits.memory = kubeSize(s.memoryBytes);
  const requested = s.memoryHighBytes ?? s.memoryBytes;
  if (requested !== undefined) requests.memory = kubeSize(requested);
  if (s.cpuCores !== undefined) {
    limits.cpu = millicores(s.cpuCores);
    requests.cpu = millicores(s.cpuCores);
  }
  if (!Object.keys(limits).length && !Object.keys(requests).length) return undefined;
  const resources: Json = {};
  if (Object.keys(limits).length) resources.limits = limits;
  if (Object.keys(requests).length) resources.requests = requests;
  return resources;
}

function probesOf(s: ExportRequest['settings'], target: { path: string; port: number }): Json {
  const period = wholeSeconds(s.healthIntervalMs);
  const base = {
    httpGet: { path: target.path, port: target.port },
    periodSeconds: period,
    timeoutSeconds: wholeSeconds(s.healthTimeoutMs),
  };
  return {
    // The startup probe's failures × period must cover the whole start timeout.
    startupProbe: { ...base, failureThreshold: Math.ceil(s.startTimeoutMs / (period * 1000)) },
    readinessProbe: { ...base, failureThreshold: s.healthFailures },
    livenessProbe: { ...base, failureThreshold: s.healthFailures },
  };
}

function securityOf(s: ExportRequest['settings'], notes: Note[]): Json {
  const security: Json = {};
  const numeric = (value: string) => /^\d+$/.test(value);
  if (s.user && numeric(s.user)) security.runAsUser = Number(s.user);
  else if (s.user) notes.push(nonNumeric('--user', s.user));
  if (s.group && numeric(s.group)) security.runAsGroup = Number(s.group);
  else if (s.group) notes.push(nonNumeric('--group', s.group));
  return security;
}

function nonNumeric(flag: string, name: string): Note {
  return { flag, partly: false, why: `Kubernetes needs a number, not the name ${name}` };
}

/** With --isolate: read-only root, empty volumes for /tmp and each writable path. */
function isolationOf(request: ExportRequest, container: Json, notes: Note[]): Json[] {
  const { settings: s } = request;
  if (!s.isolate) return [];
  container.securityContext = { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false };
  const paths = ['/tmp', ...s.writablePaths.map((path) => resolve(request.cwd, path))];
  const names = paths.map((_, index) => (index === 0 ? 'tmp' : `writable-${index}`));
  container.volumeMounts = paths.map((mountPath, index) => ({ name: names[index], mountPath }));
  if (!s.network) {
    notes.push({
      flag: '--isolate',
      partly: true,
      why: 'a pod keeps the network; add a NetworkPolicy that denies egress',
    });
  }
  return names.map((name) => ({ name, emptyDir: {} }));
}
