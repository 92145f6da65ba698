// `ttsguard export systemd`: exact units for each set of limits, each accepted by
// systemd-analyze verify, and the stderr notes of what systemd cannot hold.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FAKE_SERVER, TTSGUARD, tempDir } from '../helpers.ts';
import { exportWith, systemdAnalyzeMissing, unitEntries, verifyUnit } from './export-helpers.ts';

const skip = systemdAnalyzeMissing();
if (skip) console.log(`# systemd-analyze verify skipped: ${skip}`);

/** Asserts that systemd-analyze has nothing to say about the unit. */
function assertVerified(text: string): void {
  if (skip) return;
  assert.equal(verifyUnit(text), '');
}

describe('export systemd', () => {
  test('no limits: a one-shot unit with the defaults only', async () => {
    const cwd = tempDir();
    const out = await exportWith(['systemd', '--', '/usr/bin/true'], { cwd });
    assert.equal(out.code, 0);
    assert.deepEqual(out.lines, []);
    assert.equal(
      out.stdout,
      [
        '# Rendered by ttsguard export systemd; what systemd cannot hold is listed on stderr.',
        '[Unit]',
        'Description="true (limits from ttsguard)"',
        '',
        '[Service]',
        'Type=oneshot',
        'ExecStart=/usr/bin/true',
        `WorkingDirectory=${cwd}`,
        'KillMode=control-group',
        'KillSignal=SIGTERM',
        'TimeoutStopSec=5s',
        'LimitCORE=0',
        '',
      ].join('\n'),
    );
    assertVerified(out.stdout);
  });

  test('memory only: MemoryMax with no swap', async () => {
    const out = await exportWith(['systemd', '--memory', '1.5G', '--', '/usr/bin/true']);
    assert.equal(out.code, 0);
    assert.deepEqual(out.lines, []);
    const entries = unitEntries(out.stdout);
    assert.ok(entries.includes('[Service] MemoryMax=1536M'));
    assert.ok(entries.includes('[Service] MemorySwapMax=0'));
    assert.equal(entries.filter((entry) => entry.includes('Memory')).length, 2);
    assertVerified(out.stdout);
  });

  test('full one-shot: every run limit, quoted arguments, sandbox', async () => {
    const cwd = tempDir();
    const args = ['systemd', '--timeout', '90s', '--kill-after', '1500ms', '--signal', 'INT'];
    args.push('--memory', '2G', '--memory-high', '1536M', '--cpus', '1.5', '--tasks', '64');
    args.push('--cpu-time', '1m', '--open-files', '256', '--file-size', '100M', '--core-dumps');
    args.push('--user', 'daemon', '--group', 'daemon', '--env', 'COQUI_TOS_AGREED=1');
    args.push('--env', 'HF_TOKEN', '--isolate', '--writable', 'out dir', '--expect-wav', 'a.wav');
    args.push('--', '/usr/bin/true', '--text', 'it costs 5% of $HOME "now"', '--out_path', 'a.wav');
    const out = await exportWith(args, { cwd });
    assert.equal(out.code, 0);
    assert.deepEqual(unitEntries(out.stdout), [
      '[Unit] Description="true (limits from ttsguard)"',
      '[Service] Type=oneshot',
      '[Service] ExecStart=/usr/bin/true ' +
        '--text "it costs 5%% of $$HOME \\"now\\"" --out_path a.wav',
      `[Service] WorkingDirectory=${cwd}`,
      '[Service] TimeoutStartSec=90s',
      '[Service] KillMode=control-group',
      '[Service] KillSignal=SIGINT',
      '[Service] TimeoutStopSec=1500ms',
      '[Service] User=daemon',
      '[Service] Group=daemon',
      '[Service] Environment=COQUI_TOS_AGREED=1',
      '[Service] Environment=OMP_NUM_THREADS=2',
      '[Service] Environment=MKL_NUM_THREADS=2',
      '[Service] Environment=OPENBLAS_NUM_THREADS=2',
      '[Service] Environment=NUMEXPR_NUM_THREADS=2',
      '[Service] PassEnvironment=HF_TOKEN',
      '[Service] MemoryMax=2G',
      '[Service] MemoryHigh=1536M',
      '[Service] MemorySwapMax=0',
      '[Service] CPUQuota=150%',
      '[Service] TasksMax=64',
      '[Service] LimitCPU=60:62',
      '[Service] LimitNOFILE=256',
      '[Service] LimitFSIZE=104857600',
      '[Service] LimitCORE=infinity',
      '[Service] ProtectSystem=strict',
      '[Service] PrivateTmp=yes',
      '[Service] NoNewPrivileges=yes',
      `[Service] ReadWritePaths="${cwd}/out dir"`,
      '[Service] PrivateNetwork=yes',
    ]);
    assert.deepEqual(out.lines, [
      "ttsguard: export systemd: --cpu-time is only partly expressible: the engine's RLIMIT_CPU " +
        "is per process, not the tree's total",
      'ttsguard: export systemd: --expect-wav is not expressible: nothing checks the workload ' +
        'after it exits',
    ]);
    assertVerified(out.stdout);
  });

  test('full server: restarts, health and guard settings', async () => {
    const args = ['systemd', '--memory', '4G', '--timeout', '1d', '--restart', 'always'];
    args.push('--restart-delay', '2s', '--restart-limit', '3', '--restart-window', '5m');
    args.push('--health-interval', '5s', '--max-text', '500', '--listen', '8080');
    args.push('--', FAKE_SERVER, '--port', '5003');
    const out = await exportWith(args);
    assert.equal(out.code, 0);
    const entries = unitEntries(out.stdout);
    for (const entry of [
      '[Unit] StartLimitIntervalSec=300s',
      '[Unit] StartLimitBurst=3',
      '[Service] Type=exec',
      `[Service] ExecStart=${FAKE_SERVER} --port 5003`,
      '[Service] Restart=always',
      '[Service] RestartSec=2s',
      '[Service] RuntimeMaxSec=86400s',
      '[Service] MemoryMax=4G',
      '[Install] WantedBy=multi-user.target',
    ]) {
      assert.ok(entries.includes(entry), `missing ${entry} in\n${out.stdout}`);
    }
    assert.deepEqual(out.lines, [
      'ttsguard: export systemd: --health-interval is not expressible: systemd has no HTTP ' +
        'health probe; use --wrap',
      'ttsguard: export systemd: --restart-delay is only partly expressible: the delay does ' +
        'not grow',
      'ttsguard: export systemd: --listen is not expressible: the guard proxy exists only with ' +
        '--wrap',
      'ttsguard: export systemd: --max-text is not expressible: the guard proxy exists only ' +
        'with --wrap',
    ]);
    assertVerified(out.stdout);
  });

  test('--wrap: ExecStart is ttsguard serve with guard, metrics and timeout flags', async () => {
    const args = ['systemd', '--wrap', '--memory', '4G', '--cpu-time', '10m', '--timeout', '1d'];
    args.push('--listen');
    args.push('0.0.0.0:8080', '--metrics', '9100', '--max-text', '500', '--rate', '5/s');
    args.push('--drain-grace', '20s', '--kill-after', '3s', '--start-timeout', '2m');
    args.push('--', FAKE_SERVER, '--port', '5003');
    const out = await exportWith(args);
    assert.equal(out.code, 0);
    assert.deepEqual(out.lines, []);
    const entries = unitEntries(out.stdout);
    const exec =
      `[Service] ExecStart=${TTSGUARD} serve --timeout 24h --cpu-time 10m --start-timeout 2m ` +
      '--drain-grace 20s --listen 0.0.0.0:8080 --max-text 500 --rate 5/s ' +
      `--metrics 127.0.0.1:9100 -- ${FAKE_SERVER} --port 5003`;
    for (const entry of [
      '[Service] Type=notify',
      '[Service] NotifyAccess=all',
      exec,
      '[Service] TimeoutStartSec=120s',
      '[Service] TimeoutStopSec=24s',
      '[Service] MemoryMax=4G',
    ]) {
      assert.ok(entries.includes(entry), `missing ${entry} in\n${out.stdout}`);
    }
    assert.ok(!entries.some((entry) => entry.includes('KillSignal')));
    // --timeout bounds each server lifetime inside serve; RuntimeMaxSec= would end serve.
    assert.ok(!entries.some((entry) => entry.includes('RuntimeMaxSec')), out.stdout);
    assertVerified(out.stdout);
  });
});
