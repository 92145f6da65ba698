// `report` and `suggest` on records of known workloads: the figures match what the fake
// tts was told to use, suggestions sit just above the recorded peaks, and `--write` changes
// only the limit keys of JSON and YAML config files.
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { FAKE_TTS, run, tempDir } from '../helpers.ts';

const MIB = 1024 * 1024;
const HOLD_MB = 100;
const RUNS = 3;
const records = tempDir();

// biome-ignore lint/suspicious/noExplicitAny: the JSON is checked field by field below
async function json(args: string[]): Promise<Record<string, any>> {
  const done = await run(args);
  assert.equal(done.code, 0, done.stderr);
  return JSON.parse(done.stdout.toString());
}

before(async () => {
  for (let i = 0; i < RUNS; i += 1) {
    const done = await run([
      'run',
      '--record',
      records,
      '--memory',
      '400M',
      '--timeout',
      '30s',
      '--',
      FAKE_TTS,
      '--text',
      'hello',
      '--out_path',
      'out.wav',
      '--fake-hold-mb',
      String(HOLD_MB),
      '--fake-seconds',
      '0.6',
    ]);
    assert.equal(done.code, 0, done.stderr);
  }
});

describe('report', () => {
  test('figures match the workload: peak about 100 MiB, 0.6 s or more', async () => {
    const figures = await json(['report', '--json', records]);
    assert.equal(figures.runs, RUNS);
    assert.deepEqual(figures.outcomes, { exit: RUNS });
    // The fake holds 100 MiB on top of a Python interpreter (10–30 MiB).
    assert.ok(figures.peakRssBytes.min >= HOLD_MB * MIB, `${figures.peakRssBytes.min}`);
    assert.ok(figures.peakRssBytes.max <= (HOLD_MB + 50) * MIB, `${figures.peakRssBytes.max}`);
    assert.ok(figures.wallMs.min >= 600 && figures.wallMs.max < 30_000);
    const memory = figures.closest.find((c: { limit: string }) => c.limit === 'memory');
    assert.equal(memory.ceiling, 400 * MIB);
    assert.ok(memory.percent >= 25 && memory.percent <= 38, `${memory.percent}`);
    assert.equal(figures.perRun.length, RUNS);
  });

  test('the terminal report has the spreads and charts with the limit drawn in', async () => {
    const done = await run(['report', records]);
    assert.equal(done.code, 0, done.stderr);
    const text = done.stdout.toString();
    assert.match(text, /^3 runs; outcomes: exit 3\n/);
    assert.match(text, /\npeak memory +1\d\dM/);
    assert.match(text, /\nmemory \(tree RSS\)\n/);
    assert.match(text, /\| *-+.* limit 400M\n/);
    assert.match(text, /\nCPU time used\n/);
  });

  test('a record cut short in its last line is read, with a warning', async () => {
    const dir = tempDir();
    const name = readdirSync(records).find((n) => n.endsWith('.jsonl'))!;
    copyFileSync(join(records, name), join(dir, name));
    appendFileSync(join(dir, name), '{"kind":"sample","atMs":12');
    const done = await run(['report', '--json', dir]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /the last line is incomplete; it was left out/);
    assert.equal(JSON.parse(done.stdout.toString()).runs, 1);
  });

  test('a missing record is one line and 125', async () => {
    const done = await run(['report', '/nonexistent.jsonl']);
    assert.equal(done.code, 125);
    assert.equal(done.stderr, 'ttsguard: "/nonexistent.jsonl": no such record file or folder\n');
  });
});

describe('suggest', () => {
  test('suggestions sit above the peaks, with evidence and a few-runs warning', async () => {
    const figures = await json(['report', '--json', records]);
    const result = await json(['suggest', '--json', records]);
    const peak = figures.peakRssBytes.max;
    assert.ok(
      result.memoryBytes > peak && result.memoryBytes <= peak * 1.5,
      `${result.memoryBytes}`,
    );
    assert.equal(result.memoryBytes % (16 * MIB), 0);
    assert.ok(
      result.timeoutMs > figures.wallMs.max && result.timeoutMs <= figures.wallMs.max * 2 + 1000,
    );
    assert.ok(
      result.cpuTimeMs > figures.cpuMs.max && result.cpuTimeMs <= figures.cpuMs.max * 2 + 1000,
    );
    const memory = result.suggestions.find((s: { key: string }) => s.key === 'memory');
    assert.deepEqual(
      { runs: memory.evidence.runs, percentile: memory.evidence.percentile },
      { runs: RUNS, percentile: 95 },
    );
    assert.equal(memory.evidence.headroomPercent, 25);
    assert.match(result.warnings.join('\n'), /only 3 clean runs/);
  });

  test('--write on a JSON file sets the limits and keeps every other key', async () => {
    const dir = tempDir();
    const config = join(dir, 'ttsguard.config.json');
    const original = { interval: '250ms', memory: '1G', profiles: { big: { memory: '8G' } } };
    writeFileSync(config, `${JSON.stringify(original, null, 4)}\n`);
    const result = await json(['suggest', '--json', records]);
    const done = await run(['suggest', '--write', '--config', config, records]);
    assert.equal(done.code, 0, done.stderr);
    const mib = result.memoryBytes / MIB;
    assert.match(done.stdout.toString(), new RegExp(`  memory: 1G -> ${mib}M\\n`));
    const written = JSON.parse(readFileSync(config, 'utf8'));
    assert.deepEqual(written, {
      interval: '250ms',
      memory: `${mib}M`,
      profiles: { big: { memory: '8G' } },
      timeout: `${result.timeoutMs / 1000}s`,
      cpuTime: `${result.cpuTimeMs / 1000}s`,
    });
    assert.match(readFileSync(config, 'utf8'), /^\{\n {4}"interval"/);
    const effective = await json(['config', '--json', '--config', config]);
    assert.equal(effective.settings.memory, result.memoryBytes);
  });

  test('--write on a YAML file keeps comments and other keys', async () => {
    const dir = tempDir();
    const config = join(dir, '.ttsguardrc.yaml');
    writeFileSync(
      config,
      '# limits for the night batch\ninterval: 250ms # sample often\nmemory: 1G\n' +
        'profiles:\n  big:\n    memory: 8G # XTTS\n',
    );
    const result = await json(['suggest', '--json', records]);
    const done = await run(['suggest', '--write', records], { cwd: dir });
    assert.equal(done.code, 0, done.stderr);
    const text = readFileSync(config, 'utf8');
    const mib = result.memoryBytes / MIB;
    assert.equal(
      text,
      '# limits for the night batch\ninterval: 250ms # sample often\n' +
        `memory: ${mib}M\nprofiles:\n  big:\n    memory: 8G # XTTS\n` +
        `timeout: ${result.timeoutMs / 1000}s\ncpuTime: ${result.cpuTimeMs / 1000}s\n`,
    );
  });

  test('--write without a config file is one line and 125', async () => {
    const done = await run(['suggest', '--write', records], { cwd: tempDir() });
    assert.equal(done.code, 125);
    assert.match(
      done.stderr,
      /ttsguard: --write: no config file found from this folder; name one with --config FILE\n$/,
    );
  });
});

describe('suggest --write on odd files', () => {
  test('a package.json whose "ttsguard" is null gets an object there', async () => {
    const dir = tempDir();
    const manifest = join(dir, 'package.json');
    writeFileSync(manifest, '{"name": "x", "ttsguard": null}\n');
    const done = await run(['suggest', '--write', '--config', manifest, records]);
    assert.equal(done.code, 0, done.stderr);
    const written = JSON.parse(readFileSync(manifest, 'utf8'));
    assert.equal(written.name, 'x');
    assert.deepEqual(Object.keys(written.ttsguard), ['memory', 'timeout', 'cpuTime']);
  });

  test('a JSON file that is not an object is one line and exit 125', async () => {
    const dir = tempDir();
    const config = join(dir, 'limits.json');
    writeFileSync(config, '[1, 2]\n');
    const done = await run(['suggest', '--write', '--config', config, records]);
    assert.equal(done.code, 125);
    assert.equal(done.stderr.trim(), `ttsguard: --write: ${config} does not hold an object`);
  });
});
