// defaults < config file < profile < environment < flags, each visible in `ttsguard config`.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run, TTSGUARD, tempDir, testEnv } from '../helpers.ts';

const FILE = `# limits for the team
timeout: 10m
memory: 1G
killAfter: 3s
profiles:
  xtts:
    memory: 6G
    cpuTime: 20m
`;

async function config(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const result = await run(['config', '--json', ...args], { cwd, env: testEnv(env) });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout.toString());
}

describe('config precedence', () => {
  it('uses the defaults when nothing else is set', async () => {
    const doc = await config([], tempDir());
    assert.equal(doc.configFile, null);
    assert.equal(doc.settings.killAfter, 5000);
    assert.equal(doc.sources.killAfter, 'default');
    assert.equal(doc.settings.memory, null);
    assert.equal(doc.sources.memory, 'unset');
  });

  it('file over defaults, profile over file, env over profile, flags over env', async () => {
    const cwd = tempDir();
    const path = join(cwd, '.ttsguardrc.yaml');
    writeFileSync(path, FILE);

    const fileOnly = await config([], cwd);
    assert.equal(fileOnly.configFile, path);
    assert.equal(fileOnly.settings.memory, 2 ** 30);
    assert.equal(fileOnly.sources.memory, `${path}, key "memory"`);
    assert.equal(fileOnly.settings.killAfter, 3000);

    const profile = await config(['--profile', 'xtts'], cwd);
    assert.equal(profile.settings.memory, 6 * 2 ** 30);
    assert.equal(profile.sources.memory, `${path}, profile "xtts", key "memory"`);
    assert.equal(profile.settings.timeout, 600_000, 'file value kept where the profile is silent');

    const env = await config(['--profile', 'xtts'], cwd, { TTSGUARD_MEMORY: '3G' });
    assert.equal(env.settings.memory, 3 * 2 ** 30);
    assert.equal(env.sources.memory, 'environment TTSGUARD_MEMORY');
    assert.equal(env.settings.cpuTime, 1_200_000);

    const flag = await config(['--profile', 'xtts', '--memory', '512M'], cwd, {
      TTSGUARD_MEMORY: '3G',
    });
    assert.equal(flag.settings.memory, 512 * 2 ** 20);
    assert.equal(flag.sources.memory, '--memory');
  });

  it('finds the file in a parent folder, and TTSGUARD_PROFILE chooses a profile', async () => {
    const root = tempDir();
    writeFileSync(join(root, '.ttsguardrc.yaml'), FILE);
    const nested = join(root, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    const doc = await config([], nested, { TTSGUARD_PROFILE: 'xtts' });
    assert.equal(doc.profile, 'xtts');
    assert.equal(doc.settings.memory, 6 * 2 ** 30);
  });

  it('reads a "ttsguard" key in package.json and an explicit --config', async () => {
    const cwd = tempDir();
    writeFileSync(
      join(cwd, 'package.json'),
      JSON.stringify({ name: 'x', ttsguard: { timeout: '45s' } }),
    );
    assert.equal((await config([], cwd)).settings.timeout, 45_000);
    const other = join(tempDir(), 'limits.json');
    writeFileSync(other, JSON.stringify({ timeout: 7 }));
    const explicit = await config(['--config', other], cwd);
    assert.equal(explicit.settings.timeout, 7000, 'a bare number is seconds');
    assert.equal(explicit.configFile, other);
  });

  it('prints a readable table with the source of each value', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.ttsguardrc.json'), '{"memory": "2G"}');
    const result = await run(['config', '--timeout', '90s'], { cwd, env: testEnv() });
    assert.equal(result.code, 0);
    const text = result.stdout.toString();
    assert.match(text, /^memory\s+2G\s+.*\.ttsguardrc\.json, key "memory"$/m);
    assert.match(text, /^timeout\s+1m30s\s+--timeout$/m);
    assert.match(text, /^killAfter\s+5s\s+default$/m);
  });
});

describe('output to a reader that goes away', () => {
  it('`ttsguard config | head -1` ends quietly, exit 0', async () => {
    const { spawnSync } = await import('node:child_process');
    const shell = `'${TTSGUARD}' config | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', shell], {
      cwd: tempDir(),
      env: testEnv(),
      encoding: 'utf8',
    });
    assert.equal(result.stdout, 'config file: none found\n');
    assert.match(result.stderr, /^status=0\n$/);
  });
});
