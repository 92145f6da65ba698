// The metrics textfile, parsed as Prometheus text: written at the end and while a run lasts
// (on its own timer, however rarely samples come), always whole, with the figures of the run.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { assertGone, FAKE_TTS, run, start, tempDir } from '../helpers.ts';

const MIB = 1024 * 1024;

/** Parses the text exposition format strictly; keys are `name{labels}`. */
function parsePrometheus(text: string): Map<string, number> {
  assert.ok(text.endsWith('\n'), 'ends in a newline');
  const typed = new Map<string, string>();
  const samples = new Map<string, number>();
  const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_]\w*="(?:[^"\\]|\\.)*",?)*\})? (\S+)$/;
  for (const line of text.trimEnd().split('\n')) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (gauge|counter|untyped)$/.exec(line);
    if (type) {
      assert.ok(!typed.has(type[1]!), `one TYPE line for ${type[1]}`);
      typed.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .+$/.test(line)) continue;
    const match = sample.exec(line);
    assert.ok(match, `a valid sample line: ${line}`);
    assert.ok(typed.has(match[1]!), `TYPE before ${match[1]}`);
    const value = Number(match[3]);
    assert.ok(!Number.isNaN(value), `a number: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, value);
  }
  return samples;
}

const tts = (...knobs: string[]) => [FAKE_TTS, '--text', 'hi', '--out_path', 'out.wav', ...knobs];

describe('metrics textfile', () => {
  test('at the end: the run figures, the limits and the outcome', async () => {
    const dir = tempDir();
    const file = join(dir, 'ttsguard.prom');
    const done = await run([
      'run',
      '--metrics-textfile',
      file,
      '--memory',
      '300M',
      '--timeout',
      '30s',
      '--',
      ...tts('--fake-hold-mb', '50', '--fake-seconds', '0.5'),
    ]);
    assert.equal(done.code, 0, done.stderr);
    const metrics = parsePrometheus(readFileSync(file, 'utf8'));
    const label = '{command="tts"}';
    assert.equal(metrics.get(`ttsguard_run_running${label}`), 0);
    assert.equal(metrics.get(`ttsguard_run_exit_code${label}`), 0);
    assert.equal(metrics.get('ttsguard_run_outcome{command="tts",reason="exit"}'), 1);
    assert.equal(metrics.get(`ttsguard_limit_memory_bytes${label}`), 300 * MIB);
    assert.equal(metrics.get(`ttsguard_limit_timeout_seconds${label}`), 30);
    const peak = metrics.get(`ttsguard_run_peak_rss_bytes${label}`)!;
    assert.ok(peak >= 50 * MIB && peak < 100 * MIB, `${peak}`);
    assert.ok(metrics.get(`ttsguard_run_wall_seconds${label}`)! >= 0.5);
    assert.deepEqual(readdirSync(dir), ['ttsguard.prom']);
  });

  test('during a run it is rewritten every interval and says the run is going', async () => {
    const dir = tempDir();
    const file = join(dir, 'ttsguard.prom');
    const running = start([
      'run',
      '--metrics-textfile',
      file,
      '--metrics-interval',
      '200ms',
      '--',
      ...tts('--fake-hold-mb', '30', '--fake-hang'),
    ]);
    const match = await running.waitFor(/hanging pid=(\d+)/);
    // The file itself is the readiness signal: wait until a sample shows the held memory.
    const deadline = Date.now() + 20_000;
    const rss = () =>
      existsSync(file)
        ? (parsePrometheus(readFileSync(file, 'utf8')).get(
            'ttsguard_run_rss_bytes{command="tts"}',
          ) ?? 0)
        : 0;
    while (rss() < 30 * MIB && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const during = parsePrometheus(readFileSync(file, 'utf8'));
    assert.equal(during.get('ttsguard_run_running{command="tts"}'), 1);
    assert.ok(during.get('ttsguard_run_rss_bytes{command="tts"}')! >= 30 * MIB);
    running.child.kill('SIGTERM');
    await running.done;
    await assertGone([Number(match[1])]);
    const after = parsePrometheus(readFileSync(file, 'utf8'));
    assert.equal(after.get('ttsguard_run_running{command="tts"}'), 0);
    assert.equal(after.get('ttsguard_run_outcome{command="tts",reason="signal"}'), 1);
  });

  test('is rewritten every --metrics-interval even when samples are rarer', async () => {
    const dir = tempDir();
    const file = join(dir, 'ttsguard.prom');
    const running = start([
      'run',
      '--metrics-textfile',
      file,
      '--interval',
      '10s',
      '--metrics-interval',
      '1s',
      '--',
      ...tts('--fake-hang'),
    ]);
    const match = await running.waitFor(/hanging pid=(\d+)/);
    const key = 'ttsguard_run_last_update_time_seconds{command="tts"}';
    const updated = () => parsePrometheus(readFileSync(file, 'utf8')).get(key)!;
    const first = updated();
    const deadline = Date.now() + 3000;
    while (updated() === first && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = updated();
    assert.ok(second > first, `last update ${first} then ${second}: not rewritten within 3 s`);
    assert.equal(
      parsePrometheus(readFileSync(file, 'utf8')).get('ttsguard_run_running{command="tts"}'),
      1,
    );
    running.child.kill('SIGTERM');
    await running.done;
    await assertGone([Number(match[1])]);
  });
});
