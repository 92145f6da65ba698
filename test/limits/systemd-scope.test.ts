// The CPU quota a systemd scope is given, and the cpu.max its read-back expects to find: the
// two must describe the same value, fractional --cpus included.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultSettings } from '../../src/config/resolve.ts';
import { buildScopeCommand, scopeCpuMax, scopeCpuPercent } from '../../src/limits/systemd-scope.ts';

describe('systemd scope CPU quota', () => {
  it('--cpus 0.333 writes CPUQuota=33% and expects the 33% systemd puts in cpu.max', () => {
    const limits = defaultSettings({ cpuCores: 0.333 });
    const argv = buildScopeCommand(limits, ['cpus'], {
      systemdRun: '/usr/bin/systemd-run',
      user: false,
      unit: 'ttsguard-1-1.scope',
    });
    assert.deepEqual(argv.slice(-3), ['-p', 'CPUQuota=33%', '--']);
    assert.equal(scopeCpuPercent(0.333), 33);
    assert.equal(scopeCpuMax(0.333), '33000 100000');
  });

  it('reads back whole and tiny shares the same way', () => {
    assert.equal(scopeCpuMax(1.5), '150000 100000');
    assert.equal(scopeCpuMax(0.125), '13000 100000');
    assert.equal(scopeCpuPercent(0.001), 1);
    assert.equal(scopeCpuMax(0.001), '1000 100000');
  });
});
