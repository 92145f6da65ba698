// `ttsguard export` and bad input: one line naming the value and the accepted form, exit
// 125, nothing on stdout; and --strict turning an inexpressible limit into a refusal.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exportWith } from './export-helpers.ts';

describe('export input', () => {
  const cases: Array<[string, string[], string]> = [
    [
      'unknown engine',
      ['nomad', '--', 'tts'],
      'export: "nomad" is not an engine; use systemd, docker, k8s',
    ],
    [
      'bad --format',
      ['k8s', '--format', 'xml', '--', 'tts'],
      '--format: "xml" is not yaml or json',
    ],
    [
      '--format off k8s',
      ['docker', '--format', 'json', '--', 'tts'],
      '--format: only k8s has a format, not docker',
    ],
    [
      'bad size',
      ['systemd', '--memory', 'lots', '--', 'tts'],
      '--memory: "lots" is not a size like 512M, 2G, 1.5GiB (base 1024), ' +
        '800MB (base 1000) or bytes',
    ],
    [
      'both shapes',
      ['docker', '--service', '--oneshot', '--', 'tts'],
      '--service and --oneshot: choose one of them',
    ],
    ['bad --env', ['k8s', '--env', '1X=2', '--', 'tts'], '--env: "1X=2" is not KEY=VALUE or KEY'],
  ];
  for (const [name, args, message] of cases) {
    test(`${name}: exit 125 with one line`, async () => {
      const out = await exportWith(args);
      assert.equal(out.code, 125);
      assert.equal(out.stdout, '');
      assert.deepEqual(out.lines, [`ttsguard: ${message}`]);
    });
  }

  test('--strict: an inexpressible limit refuses the export', async () => {
    const out = await exportWith([
      'k8s',
      '--strict',
      '--image',
      'tts',
      '--tasks',
      '9',
      '--',
      'tts',
    ]);
    assert.equal(out.code, 125);
    assert.equal(out.stdout, '');
    assert.deepEqual(out.lines, [
      "ttsguard: export k8s: --tasks is not expressible: a pod's PID limit is the kubelet's " +
        'podPidsLimit',
      'ttsguard: export k8s: --strict: 1 limit(s) not expressible; nothing written',
    ]);
  });

  test('--strict with everything expressible writes the unit', async () => {
    const out = await exportWith(['systemd', '--strict', '--tasks', '9', '--', '/usr/bin/true']);
    assert.equal(out.code, 0);
    assert.deepEqual(out.lines, []);
    assert.match(out.stdout, /^TasksMax=9$/m);
  });

  test('environment settings apply like flags', async () => {
    const env = { ...process.env, TTSGUARD_MEMORY: '3G', NO_COLOR: '1' };
    const out = await exportWith(['systemd', '--', '/usr/bin/true'], { env });
    assert.equal(out.code, 0);
    assert.match(out.stdout, /^MemoryMax=3G$/m);
  });
});
