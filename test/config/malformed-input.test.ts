// Every kind of bad input gets exit 125 and one line that names where it came from and the
// accepted form, and the workload is never started.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run, tempDir, testEnv } from '../helpers.ts';

interface Case {
  name: string;
  args: string[];
  /** Config file to place in the working folder, as [file name, contents]. */
  file?: [string, string];
  env?: NodeJS.ProcessEnv;
  /** What the one line must say. */
  says: RegExp;
}

const WORKLOAD = ['--', 'sh', '-c', 'echo RAN'];

const CASES: Case[] = [
  {
    name: 'size unit',
    args: ['--memory', '12Q'],
    says: /^--memory: "12Q" is not a size like 512M/,
  },
  { name: 'negative size', args: ['--memory', '-5M'], says: /^--memory: "-5M" is not a size/ },
  { name: 'zero size', args: ['--memory', '0'], says: /^--memory: "0" is not a size/ },
  { name: 'empty size', args: ['--memory', ''], says: /^--memory: "" is not a size/ },
  {
    name: 'duration unit',
    args: ['--timeout', '10x'],
    says: /^--timeout: "10x" is not a duration like 500ms/,
  },
  {
    name: 'timeout past the timer range',
    args: ['--timeout', '30d'],
    says: /^--timeout: "30d" is not a duration like 500ms, 90s, 1m30s, 2h, or seconds, up to 24d$/,
  },
  {
    name: 'half compound',
    args: ['--timeout', '1m30'],
    says: /^--timeout: "1m30" is not a duration/,
  },
  {
    name: 'negative duration',
    args: ['--timeout', '-1'],
    says: /^--timeout: "-1" is not a duration/,
  },
  {
    name: 'kill-after words',
    args: ['--kill-after', 'soon'],
    says: /^--kill-after: "soon" is not a duration/,
  },
  {
    name: 'cpu-time unit',
    args: ['--cpu-time', '5 parsecs'],
    says: /^--cpu-time: "5 parsecs" is not a duration/,
  },
  { name: 'interval zero', args: ['--interval', '0'], says: /^--interval: "0" is not a duration/ },
  {
    name: 'signal name',
    args: ['--signal', 'SIGFOO'],
    says: /^--signal: "SIGFOO" is not a signal name or number/,
  },
  {
    name: 'signal number',
    args: ['--signal', '99'],
    says: /^--signal: "99" is not a signal name or number/,
  },
  {
    name: 'open-files fraction',
    args: ['--open-files', '1.5'],
    says: /^--open-files: "1.5" is not a whole number/,
  },
  {
    name: 'open-files word',
    args: ['--open-files', 'many'],
    says: /^--open-files: "many" is not a whole number/,
  },
  {
    name: 'file-size unit',
    args: ['--file-size', '3 bananas'],
    says: /^--file-size: "3 bananas" is not a size/,
  },
  {
    name: 'address-space unit',
    args: ['--address-space', '1X'],
    says: /^--address-space: "1X" is not a size/,
  },
  {
    name: 'warn-at range',
    args: ['--warn-at', '150%'],
    says: /^--warn-at: "150%" is not a percentage from 1 to 100/,
  },
  { name: 'unknown flag', args: ['--memroy', '1G'], says: /^unknown option '--memroy'/ },
  { name: 'missing value', args: ['--memory'], says: /^--memory: "--" is not a size/ },
  {
    name: 'quiet and verbose',
    args: ['--quiet', '--verbose'],
    says: /^--quiet and --verbose: choose one/,
  },
  {
    name: 'json-summary folder',
    args: ['--json-summary', '/nonexistent/dir/s.json'],
    says: /^--json-summary: "\/nonexistent\/dir\/s.json": folder \/nonexistent\/dir does not exist/,
  },
  {
    name: 'missing config file',
    args: ['--config', 'nope.yaml'],
    says: /^--config: nope.yaml: no such file/,
  },
  {
    name: 'unknown profile',
    args: ['--profile', 'xtts'],
    file: ['.ttsguardrc.json', '{"profiles":{"vits":{}}}'],
    says: /^--profile: no profile "xtts" in .*\.ttsguardrc\.json; known profiles: vits/,
  },
  {
    name: 'file: bad size',
    args: [],
    file: ['.ttsguardrc.yaml', 'memory: 2 gigs\n'],
    says: /\.ttsguardrc\.yaml, key "memory": "2 gigs" is not a size/,
  },
  {
    name: 'file: bad duration number',
    args: [],
    file: ['.ttsguardrc.json', '{"timeout": -3}'],
    says: /\.ttsguardrc\.json, key "timeout": -3 is not a duration/,
  },
  {
    name: 'file: unknown key',
    args: [],
    file: ['.ttsguardrc.yaml', 'memroy: 2G\n'],
    says: /\.ttsguardrc\.yaml: unknown key "memroy" \(known keys: .*memory/,
  },
  {
    name: 'file: wrong type',
    args: [],
    file: ['.ttsguardrc.json', '{"memory": [1, 2]}'],
    says: /\.ttsguardrc\.json: key "memory" must be a string, number/,
  },
  {
    name: 'file: not an object',
    args: [],
    file: ['.ttsguardrc.json', '[1, 2, 3]'],
    says: /\.ttsguardrc\.json: the file must hold an object of settings/,
  },
  {
    name: 'file: broken JSON',
    args: [],
    file: ['.ttsguardrc.json', '{"memory": '],
    says: /^config file: cannot be parsed: /,
  },
  {
    name: 'file: broken YAML',
    args: [],
    file: ['.ttsguardrc.yaml', 'memory: [unclosed\n'],
    says: /^config file: cannot be parsed: /,
  },
  {
    name: 'file: boolean word',
    args: [],
    file: ['.ttsguardrc.yaml', 'quiet: perhaps\n'],
    says: /\.ttsguardrc\.yaml, key "quiet": "perhaps" is not true or false/,
  },
  {
    name: 'file: profile key',
    args: ['--profile', 'big'],
    file: ['.ttsguardrc.yaml', 'profiles:\n  big:\n    memory: huge\n'],
    says: /\.ttsguardrc\.yaml, profile "big", key "memory": "huge" is not a size/,
  },
  {
    name: 'file: profile unknown key',
    args: [],
    file: ['.ttsguardrc.yaml', 'profiles:\n  big:\n    memorie: 1G\n'],
    says: /unknown key "profiles\.big\.memorie"/,
  },
  {
    name: 'file: profiles not object',
    args: [],
    file: ['.ttsguardrc.yaml', 'profiles: 3\n'],
    says: /key "profiles" must be an object of settings/,
  },
  {
    name: 'env: bad size',
    args: [],
    env: { TTSGUARD_MEMORY: 'lots' },
    says: /^environment TTSGUARD_MEMORY: "lots" is not a size/,
  },
  {
    name: 'env: bad duration',
    args: [],
    env: { TTSGUARD_TIMEOUT: '5 minutes' },
    says: /^environment TTSGUARD_TIMEOUT: "5 minutes" is not a duration/,
  },
  {
    name: 'env: bad boolean',
    args: [],
    env: { TTSGUARD_PRESERVE_STATUS: 'maybe' },
    says: /^environment TTSGUARD_PRESERVE_STATUS: "maybe" is not true or false/,
  },
  {
    name: 'env: missing config',
    args: [],
    env: { TTSGUARD_CONFIG: '/nonexistent.yaml' },
    says: /^config file \/nonexistent\.yaml: cannot be parsed|no such file/,
  },
];

describe('malformed input', () => {
  it(`has at least 30 cases (${CASES.length})`, () => {
    assert.ok(CASES.length >= 30);
  });

  for (const testCase of CASES) {
    it(`${testCase.name}: exit 125 with one line`, async () => {
      const cwd = tempDir();
      if (testCase.file) writeFileSync(join(cwd, testCase.file[0]), testCase.file[1]);
      const args = ['run', ...testCase.args, ...WORKLOAD];
      const result = await run(args, { cwd, env: testEnv(testCase.env) });
      const lines = result.stderr.trimEnd().split('\n');
      assert.equal(result.code, 125, result.stderr);
      assert.equal(lines.length, 1, `one line expected, got:\n${result.stderr}`);
      assert.match(lines[0]!, /^ttsguard: /);
      assert.match(lines[0]!.replace(/^ttsguard: /, ''), testCase.says);
      assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
      assert.equal(result.stdout.toString(), '', 'the workload must not have run');
    });
  }
});
