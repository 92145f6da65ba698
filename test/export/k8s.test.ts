// `ttsguard export k8s`: Jobs and Deployments parsed back from YAML and JSON and compared
// field by field, and the notes of what Kubernetes cannot hold.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { tempDir } from '../helpers.ts';
import { exportWith } from './export-helpers.ts';

const PLACEHOLDER = 'ttsguard: export k8s: no --image given; YOUR_TTS_IMAGE is a placeholder';
const LABELS = (name: string) => ({ 'app.kubernetes.io/name': name });

describe('export k8s', () => {
  test('no limits: a Job, the same in YAML and JSON', async () => {
    const yaml = await exportWith(['k8s', '--', 'tts', '--text', 'hi']);
    const json = await exportWith(['k8s', '--format', 'json', '--', 'tts', '--text', 'hi']);
    assert.equal(yaml.code, 0);
    assert.equal(json.code, 0);
    assert.deepEqual(yaml.lines, [PLACEHOLDER]);
    const expected = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'tts', labels: LABELS('tts') },
      spec: {
        backoffLimit: 0,
        template: {
          metadata: { labels: LABELS('tts') },
          spec: {
            terminationGracePeriodSeconds: 5,
            containers: [
              { name: 'tts', image: 'YOUR_TTS_IMAGE', command: ['tts'], args: ['--text', 'hi'] },
            ],
            restartPolicy: 'Never',
          },
        },
      },
    };
    assert.deepEqual(parse(yaml.stdout), expected);
    assert.deepEqual(JSON.parse(json.stdout), expected);
  });

  test('memory only: limit and request', async () => {
    const out = await exportWith(['k8s', '--image', 'tts', '--memory', '1536M', '--', 'tts']);
    const container = parse(out.stdout).spec.template.spec.containers[0];
    assert.deepEqual(container.resources, {
      limits: { memory: '1536Mi' },
      requests: { memory: '1536Mi' },
    });
    assert.deepEqual(out.lines, []);
  });

  test('full one-shot: deadline, resources, security, volumes and notes', async () => {
    const cwd = tempDir();
    const args = ['k8s', '--image', 'tts:1', '--name', 'say', '--timeout', '90500ms'];
    args.push('--memory', '2G', '--memory-high', '1G', '--cpus', '0.5', '--tasks', '64');
    args.push('--cpu-time', '1m', '--open-files', '256', '--address-space', '8G');
    args.push('--user', '1000', '--group', 'tts', '--isolate', '--writable', 'out');
    args.push('--env', 'A=1', '--env', 'HF_TOKEN', '--signal', 'INT');
    args.push('--', 'tts', '--out_path', 'out/a.wav');
    const out = await exportWith(args, { cwd });
    assert.equal(out.code, 0);
    const job = parse(out.stdout);
    assert.equal(job.kind, 'Job');
    assert.equal(job.metadata.name, 'say');
    assert.equal(job.spec.activeDeadlineSeconds, 91);
    assert.equal(job.spec.backoffLimit, 0);
    const pod = job.spec.template.spec;
    assert.deepEqual(pod.volumes, [
      { name: 'tmp', emptyDir: {} },
      { name: 'writable-1', emptyDir: {} },
    ]);
    assert.deepEqual(pod.containers[0], {
      name: 'say',
      image: 'tts:1',
      command: ['tts'],
      args: ['--out_path', 'out/a.wav'],
      env: [
        { name: 'A', value: '1' },
        { name: 'OMP_NUM_THREADS', value: '1' },
        { name: 'MKL_NUM_THREADS', value: '1' },
        { name: 'OPENBLAS_NUM_THREADS', value: '1' },
        { name: 'NUMEXPR_NUM_THREADS', value: '1' },
      ],
      resources: {
        limits: { memory: '2Gi', cpu: '500m' },
        requests: { memory: '1Gi', cpu: '500m' },
      },
      securityContext: {
        runAsUser: 1000,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
      },
      volumeMounts: [
        { name: 'tmp', mountPath: '/tmp' },
        { name: 'writable-1', mountPath: join(cwd, 'out') },
      ],
    });
    const prefix = 'ttsguard: export k8s: ';
    assert.deepEqual(out.lines, [
      `${prefix}--signal is not expressible: Kubernetes stops containers with SIGTERM (or the ` +
        'STOPSIGNAL of the image)',
      `${prefix}--cpu-time is not expressible: Kubernetes sets no rlimits on containers`,
      `${prefix}--address-space is not expressible: Kubernetes sets no rlimits on containers`,
      `${prefix}--open-files is not expressible: Kubernetes sets no rlimits on containers`,
      `${prefix}--memory-high is only partly expressible: Kubernetes does not throttle; it is ` +
        'the request only',
      `${prefix}--tasks is not expressible: a pod's PID limit is the kubelet's podPidsLimit`,
      `${prefix}--writable is only partly expressible: an empty volume, not the host folder`,
      `${prefix}--env HF_TOKEN is not expressible: a pod has no environment to pass on; give ` +
        'KEY=VALUE or use a Secret',
      `${prefix}--isolate is only partly expressible: a pod keeps the network; add a ` +
        'NetworkPolicy that denies egress',
      `${prefix}--group is not expressible: Kubernetes needs a number, not the name tts`,
    ]);
  });

  test('full server: a Deployment with probes covering the start timeout', async () => {
    const args = ['k8s', '--format', 'json', '--image', 'tts', '--memory', '4G', '--cpus', '2'];
    args.push('--health-interval', '5s', '--health-timeout', '1500ms', '--health-failures', '4');
    args.push('--start-timeout', '62s', '--restart', 'never', '--kill-after', '10s');
    args.push('--rate', '5/s', '--', 'tts-server', '--port', '5003');
    const out = await exportWith(args);
    assert.equal(out.code, 0);
    const deployment = JSON.parse(out.stdout);
    assert.equal(deployment.apiVersion, 'apps/v1');
    assert.equal(deployment.kind, 'Deployment');
    assert.equal(deployment.spec.replicas, 1);
    assert.deepEqual(deployment.spec.selector, { matchLabels: LABELS('tts-server') });
    const pod = deployment.spec.template.spec;
    assert.equal(pod.restartPolicy, 'Always');
    assert.equal(pod.terminationGracePeriodSeconds, 10);
    const container = pod.containers[0];
    assert.deepEqual(container.ports, [{ name: 'http', containerPort: 5003 }]);
    assert.deepEqual(container.resources, {
      limits: { memory: '4Gi', cpu: '2000m' },
      requests: { memory: '4Gi', cpu: '2000m' },
    });
    const probe = {
      httpGet: { path: '/details', port: 5003 },
      periodSeconds: 5,
      timeoutSeconds: 2,
    };
    assert.deepEqual(container.startupProbe, { ...probe, failureThreshold: 13 });
    assert.deepEqual(container.readinessProbe, { ...probe, failureThreshold: 4 });
    assert.deepEqual(container.livenessProbe, { ...probe, failureThreshold: 4 });
    assert.deepEqual(out.lines, [
      'ttsguard: export k8s: --rate is not expressible: the guard proxy exists only with --wrap',
      'ttsguard: export k8s: --restart never is not expressible: a Deployment always restarts',
    ]);
  });

  test('--wrap: ttsguard serve runs the server, carrying what k8s cannot hold', async () => {
    const dir = tempDir();
    const config = join(dir, 'ttsguard.yaml');
    writeFileSync(config, 'memory: 1G\nprofiles:\n  big:\n    memory: 6G\n    openFiles: 4096\n');
    const args = ['k8s', '--wrap', '--image', 'tts', '--config', config, '--profile', 'big'];
    args.push('--listen', '0.0.0.0:8080', '--drain-grace', '20s', '--', 'tts-server');
    const out = await exportWith(args, { cwd: dir });
    assert.equal(out.code, 0);
    assert.deepEqual(out.lines, [
      'ttsguard: export k8s: --wrap runs ttsguard in the container: the image needs it on PATH',
    ]);
    const pod = parse(out.stdout).spec.template.spec;
    assert.equal(pod.terminationGracePeriodSeconds, 25);
    const container = pod.containers[0];
    assert.deepEqual(container.command, ['ttsguard']);
    assert.deepEqual(container.args, [
      ...['serve', '--open-files', '4096', '--drain-grace', '20s', '--listen', '0.0.0.0:8080'],
      ...['--', 'tts-server'],
    ]);
    assert.deepEqual(container.ports, [{ name: 'guard', containerPort: 8080 }]);
    assert.deepEqual(container.resources.limits, { memory: '6Gi' });
    assert.equal(container.livenessProbe.httpGet.port, 5002);
  });
});
