import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatDuration,
  formatSize,
  parseCount,
  parseDuration,
  parseSize,
} from '../../src/config/units.ts';

describe('parseSize', () => {
  it('reads binary units as systemd does', () => {
    assert.equal(parseSize('512M'), 512 * 1024 ** 2);
    assert.equal(parseSize('2G'), 2 * 1024 ** 3);
    assert.equal(parseSize('1.5GiB'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('64k'), 64 * 1024);
    assert.equal(parseSize('1T'), 1024 ** 4);
  });

  it('reads decimal units and bare bytes', () => {
    assert.equal(parseSize('800MB'), 800_000_000);
    assert.equal(parseSize('10kB'), 10_000);
    assert.equal(parseSize('4096'), 4096);
  });

  it('refuses what is not a size', () => {
    for (const bad of ['', 'M', '12Q', '-1M', '0', '1.2.3G', '5 M B', 'lots']) {
      assert.equal(parseSize(bad), undefined, bad);
    }
  });
});

describe('parseDuration', () => {
  it('reads units, compounds and bare seconds', () => {
    assert.equal(parseDuration('500ms'), 500);
    assert.equal(parseDuration('90s'), 90_000);
    assert.equal(parseDuration('1m30s'), 90_000);
    assert.equal(parseDuration('2h'), 7_200_000);
    assert.equal(parseDuration('1d'), 86_400_000);
    assert.equal(parseDuration('2.5'), 2500);
    assert.equal(parseDuration('0.1s'), 100);
  });

  it('refuses what is not a duration', () => {
    for (const bad of ['', 's', '10x', '-5s', '0', '1m30', '5 s', 'soon', '25d', '2147484s']) {
      assert.equal(parseDuration(bad), undefined, bad);
    }
  });
});

describe('parseCount', () => {
  it('takes whole numbers only', () => {
    assert.equal(parseCount('64'), 64);
    assert.equal(parseCount('1.5'), undefined);
    assert.equal(parseCount('0'), undefined);
    assert.equal(parseCount('ten'), undefined);
  });
});

describe('formatting', () => {
  it('shows sizes and durations compactly', () => {
    assert.equal(formatSize(512 * 1024 ** 2), '512M');
    assert.equal(formatSize(1.5 * 1024 ** 3), '1.5G');
    assert.equal(formatSize(100), '100B');
    assert.equal(formatDuration(850), '850ms');
    assert.equal(formatDuration(12_340), '12.3s');
    assert.equal(formatDuration(245_000), '4m05s');
    assert.equal(formatDuration(7_800_000), '2h10m');
  });
});
