// Choosing mechanisms: the kernel first, a warning per fallback, a refusal under --strict
// (absence simulated through the mechanisms setting), and the systemd scope command.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultSettings } from '../../src/config/resolve.ts';
import { cgroupV1Mechanism } from '../../src/limits/cgroup-v1.ts';
import { cgroupV2Mechanism } from '../../src/limits/cgroup-v2.ts';
import { selectMechanisms } from '../../src/limits/select.ts';
import {
  buildScopeCommand,
  isSystemdInit,
  systemdScopeMechanism,
} from '../../src/limits/systemd-scope.ts';
import { run, tempDir, testEnv } from '../helpers.ts';

const MIB = 1024 * 1024;
const v1 = cgroupV1Mechanism.probe();

describe('selection', () => {
  it('prefers a cgroup for memory, and falls back to the watchdog with a warning', () => {
    const limits = defaultSettings({ memoryBytes: 100 * MIB });
    const kernel = selectMechanisms(limits, { strict: false });
    if (v1.available || cgroupV2Mechanism.probe().available) {
      assert.match(kernel.mechanismOf.memory!, /^cgroup-v[12]$/);
      assert.deepEqual(kernel.warnings, []);
    }
    const fallback = selectMechanisms(limits, {
      strict: false,
      mechanisms: ['rlimit', 'watchdog'],
    });
    assert.equal(fallback.mechanismOf.memory, 'watchdog');
    assert.deepEqual(fallback.warnings, [
      '--memory: only the watchdog holds it, between samples the tree can overshoot ' +
        '(no cgroup mechanism is allowed by the mechanisms setting)',
    ]);
  });

  it('refuses under --strict what only the watchdog could hold', () => {
    const limits = defaultSettings({ memoryBytes: 100 * MIB });
    assert.throws(
      () => selectMechanisms(limits, { strict: true, mechanisms: ['rlimit', 'watchdog'] }),
      { name: 'InputError', message: /^--memory: refused by --strict: only the watchdog/ },
    );
  });

  it('refuses a limit no allowed mechanism can hold, and an unknown mechanism name', () => {
    const limits = defaultSettings({ tasks: 10 });
    assert.throws(() => selectMechanisms(limits, { strict: false, mechanisms: ['watchdog'] }), {
      message: /^--tasks: no mechanism can enforce it here/,
    });
    assert.throws(() => selectMechanisms(limits, { strict: false, mechanisms: ['cgroup'] }), {
      message: /^mechanisms: "cgroup" is not a mechanism \(known: cgroup-v2, cgroup-v1,/,
    });
  });
});

describe('run --strict', () => {
  it('refuses to start (125, one line) when the cgroups are made absent', async () => {
    const env = testEnv({ TTSGUARD_MECHANISMS: 'rlimit,watchdog' });
    const result = await run(['run', '--strict', '--memory', '100M', '--', 'true'], { env });
    assert.equal(result.code, 125);
    assert.match(result.stderr, /^ttsguard: --memory: refused by --strict: only the watchdog/);
    assert.equal(result.stderr.trim().split('\n').length, 1);
  });

  it('without --strict runs on the watchdog, warns once and reports it', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.json');
    const env = testEnv({ TTSGUARD_MECHANISMS: 'rlimit,watchdog' });
    const result = await run(['run', '--memory', '100M', '--json-summary', summary, '--', 'true'], {
      env,
      cwd: dir,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr.match(/warning: --memory:/g)?.length, 1);
    const outcome = JSON.parse(readFileSync(summary, 'utf8'));
    assert.deepEqual(outcome.enforcement.memory, { mechanism: 'watchdog', verified: null });
  });

  it('doctor --strict exits 125 when a limit could not be held by the kernel', async () => {
    const env = testEnv({ TTSGUARD_MECHANISMS: 'rlimit,watchdog' });
    const strict = await run(['doctor', '--strict', '--memory', '1G'], { env });
    assert.equal(strict.code, 125);
    assert.match(strict.stdout.toString(), /refused: --memory: refused by --strict/);
    const plain = await run(['doctor', '--memory', '1G'], { env });
    assert.equal(plain.code, 0);
    assert.match(plain.stdout.toString(), /^ {2}--memory +watchdog$/m);
  });
});

describe('systemd scope', () => {
  it('is detected only when systemd is PID 1', () => {
    const here = isSystemdInit();
    assert.equal(systemdScopeMechanism.probe().available, here);
    assert.equal(isSystemdInit('/nonexistent', 'systemd'), false);
    assert.equal(isSystemdInit('/', 'init'), false);
    assert.equal(isSystemdInit('/', 'systemd'), true);
  });

  it('builds the systemd-run --scope command with every property', () => {
    const limits = defaultSettings({
      memoryBytes: 512 * MIB,
      memoryHighBytes: 400 * MIB,
      cpuCores: 1.5,
      tasks: 64,
      timeoutMs: 90_000,
    });
    const argv = buildScopeCommand(limits, ['memory', 'memoryHigh', 'cpus', 'tasks'], {
      systemdRun: '/usr/bin/systemd-run',
      user: true,
      unit: 'ttsguard-1-1.scope',
    });
    assert.deepEqual(argv, [
      '/usr/bin/systemd-run',
      '--user',
      '--scope',
      '--quiet',
      '--collect',
      '--unit=ttsguard-1-1.scope',
      '-p',
      `MemoryMax=${512 * MIB}`,
      '-p',
      'MemorySwapMax=0',
      '-p',
      `MemoryHigh=${400 * MIB}`,
      '-p',
      'CPUQuota=150%',
      '-p',
      'TasksMax=64',
      '-p',
      'RuntimeMaxSec=100',
      '--',
    ]);
  });
});

describe('cgroup v2', () => {
  const v2 = cgroupV2Mechanism.probe();
  it('holds memory where a delegated v2 subtree exists', {
    skip: v2.available ? false : `no usable cgroup v2 here: ${v2.reason}`,
  }, async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.json');
    const result = await run(
      [
        'run',
        '--memory',
        '64M',
        '--json-summary',
        summary,
        '--',
        'python3',
        '-c',
        'b = [bytearray(8 << 20) for _ in range(32)]',
      ],
      { cwd: dir },
    );
    assert.equal(result.code, 122, result.stderr);
    const outcome = JSON.parse(readFileSync(summary, 'utf8'));
    assert.deepEqual(outcome.enforcement.memory, { mechanism: 'cgroup-v2', verified: true });
    assert.ok(outcome.peakMemoryBytes <= 64 * MIB);
  });
});
