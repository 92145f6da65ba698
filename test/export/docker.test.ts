// `ttsguard export docker`: the docker run words, read back by /bin/sh, for each set of
// limits, and the notes of what docker cannot hold.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { run, tempDir, testEnv } from '../helpers.ts';
import { exportWith, shellWords } from './export-helpers.ts';

const PLACEHOLDER = 'ttsguard: export docker: no --image given; YOUR_TTS_IMAGE is a placeholder';

/** The words after `docker run`, as a shell reads them. */
function dockerWords(stdout: string): string[] {
  assert.match(stdout, /^docker run \\\n/);
  for (const line of stdout.trimEnd().split('\n').slice(0, -1)) assert.match(line, / \\$/);
  return shellWords(stdout.slice('docker run'.length));
}

describe('export docker', () => {
  test('no limits: a one-shot container, the placeholder image said on stderr', async () => {
    const out = await exportWith(['docker', '--', 'tts', '--text', 'hello']);
    assert.equal(out.code, 0);
    assert.deepEqual(out.lines, [PLACEHOLDER]);
    assert.equal(
      out.stdout,
      [
        'docker run \\',
        '  --name tts \\',
        '  --rm \\',
        '  --ulimit core=0 \\',
        '  --stop-timeout 5 \\',
        '  --stop-signal SIGTERM \\',
        '  --restart no \\',
        '  YOUR_TTS_IMAGE tts --text hello',
        '',
      ].join('\n'),
    );
  });

  test('memory only: --memory-swap equal to --memory', async () => {
    const out = await exportWith(['docker', '--image', 'tts:1', '--memory', '3G', '--', 'tts']);
    assert.equal(out.code, 0);
    assert.deepEqual(out.lines, []);
    const words = dockerWords(out.stdout);
    assert.deepEqual(words.slice(3, 7), ['--memory', '3g', '--memory-swap', '3g']);
  });

  test('full one-shot: every flag, quoted words, notes', async () => {
    const cwd = tempDir();
    const args = ['docker', '--image', 'ghcr.io/x/tts:0.24', '--name', 'say', '--timeout', '90s'];
    args.push('--memory', '2G', '--memory-high', '1536M', '--cpus', '1.5', '--tasks', '64');
    args.push('--cpu-time', '1m', '--open-files', '256', '--file-size', '100M');
    args.push('--address-space', '8G', '--signal', 'INT', '--kill-after', '2500ms');
    args.push('--user', '1000', '--group', '1000', '--isolate', '--writable', 'out');
    args.push('--env', 'A=it is $HOME', '--env', 'HF_TOKEN', '--warn-at', '90');
    args.push('--', 'tts', '--text', "it's 5 o'clock", '--out_path', 'out/a.wav');
    const out = await exportWith(args, { cwd });
    assert.equal(out.code, 0);
    assert.deepEqual(dockerWords(out.stdout), [
      ...['--name', 'say', '--rm', '--memory', '2g', '--memory-swap', '2g'],
      ...['--memory-reservation', '1536m', '--cpus', '1.5', '--pids-limit', '64'],
      ...['--ulimit', 'cpu=60:63', '--ulimit', `as=${8 * 1024 ** 3}`, '--ulimit', 'nofile=256:256'],
      ...['--ulimit', `fsize=${100 * 1024 ** 2}`, '--ulimit', 'core=0', '--stop-timeout', '3'],
      ...['--stop-signal', 'SIGINT', '--restart', 'no', '--user', '1000:1000', '--read-only'],
      ...['--tmpfs', '/tmp', '--security-opt', 'no-new-privileges', '--volume', `${cwd}/out`],
      ...['--network', 'none', '--env', 'A=it is $HOME', '--env', 'OMP_NUM_THREADS=2'],
      ...['--env', 'MKL_NUM_THREADS=2', '--env', 'OPENBLAS_NUM_THREADS=2'],
      ...['--env', 'NUMEXPR_NUM_THREADS=2', '--env', 'HF_TOKEN', 'ghcr.io/x/tts:0.24'],
      ...['tts', '--text', "it's 5 o'clock", '--out_path', 'out/a.wav'],
    ]);
    assert.deepEqual(out.lines, [
      'ttsguard: export docker: --timeout is not expressible: docker run has no wall-clock limit',
      "ttsguard: export docker: --cpu-time is only partly expressible: the engine's RLIMIT_CPU " +
        "is per process, not the tree's total",
      'ttsguard: export docker: --warn-at is not expressible: the engines do not warn before a ' +
        'limit is reached',
      'ttsguard: export docker: --memory-high is only partly expressible: docker reclaims down ' +
        'to it only under host pressure',
      'ttsguard: export docker: --writable is only partly expressible: an anonymous volume, not ' +
        'the host folder',
    ]);
  });

  test('full server: restart policy, published port and a health check', async () => {
    const args = ['docker', '--image', 'tts', '--memory', '4G', '--restart-limit', '3'];
    args.push('--health-interval', '5s', '--health-timeout', '1500ms', '--health-failures', '4');
    args.push('--start-timeout', '3m', '--queue', '4', '--', 'tts-server', '--port=5003');
    const out = await exportWith(args);
    assert.equal(out.code, 0);
    const words = dockerWords(out.stdout);
    const url = 'http://127.0.0.1:5003/details';
    assert.deepEqual(words, [
      ...['--name', 'tts-server', '--detach', '--publish', '5003:5003', '--memory', '4g'],
      ...['--memory-swap', '4g', '--ulimit', 'core=0', '--stop-timeout', '5'],
      ...['--stop-signal', 'SIGTERM', '--restart', 'on-failure:3', '--health-cmd'],
      `python3 -c 'import urllib.request; urllib.request.urlopen("${url}")'`,
      ...['--health-interval', '5s', '--health-timeout', '1500ms', '--health-retries', '4'],
      ...['--health-start-period', '180s', 'tts', 'tts-server', '--port=5003'],
    ]);
    assert.deepEqual(out.lines, [
      'ttsguard: export docker: --health-failures is only partly expressible: plain docker marks ' +
        'the container unhealthy, no restart',
      'ttsguard: export docker: --restart-limit is only partly expressible: docker counts ' +
        'restarts since start, not per window',
      'ttsguard: export docker: --queue is not expressible: the guard proxy exists only with ' +
        '--wrap',
    ]);
  });

  test('--wrap: ttsguard serve in the container, flags parse to the same settings', async () => {
    const args = ['docker', '--wrap', '--image', 'tts', '--memory', '4G', '--open-files', '100'];
    args.push('--listen', '0.0.0.0:8080', '--metrics', '9100', '--max-text', '500');
    args.push('--rate', '120/m', '--request-timeout', '90s', '--timeout', '1d');
    args.push('--', 'tts-server', '--port', '5003');
    const out = await exportWith(args);
    assert.equal(out.code, 0);
    assert.deepEqual(out.lines, [
      'ttsguard: export docker: --metrics 127.0.0.1:9100 listens on loopback inside the ' +
        'container; use 0.0.0.0:9100 to reach it from outside',
      'ttsguard: export docker: --wrap runs ttsguard in the container: the image needs it on PATH',
    ]);
    const words = dockerWords(out.stdout);
    const inner = words.slice(words.indexOf('ttsguard'));
    assert.deepEqual(inner, [
      ...['ttsguard', 'serve', '--timeout', '24h', '--listen', '0.0.0.0:8080'],
      ...['--max-text', '500', '--request-timeout', '90s', '--rate', '2/s'],
      ...['--metrics', '127.0.0.1:9100', '--', 'tts-server', '--port', '5003'],
    ]);
    assert.deepEqual(words.slice(3, 7), ['--publish', '8080:8080', '--publish', '9100:9100']);
    assert.ok(words.includes('--stop-timeout') && !words.includes('--stop-signal'));
    assert.equal(words[words.indexOf('--stop-timeout') + 1], '35');

    const flags = inner.slice(2, inner.indexOf('--'));
    const shown = await run(['config', '--json', ...flags], { env: testEnv() });
    const settings = JSON.parse(shown.stdout.toString()).settings;
    assert.equal(settings.timeout, 86_400_000);
    assert.equal(settings.listen, '0.0.0.0:8080');
    assert.equal(settings.maxText, 500);
    assert.equal(settings.requestTimeout, 90_000);
    assert.equal(settings.rate, 2);
    assert.equal(settings.metrics, '127.0.0.1:9100');
  });
});
