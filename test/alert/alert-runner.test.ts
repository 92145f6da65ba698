// The --on-alert command: once per crossing, details only in TTSGUARD_ALERT_*, bounded in
// time, and its failure never changes how the workload's run ends.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { announcedPids, assertGone, FAKE_TTS, run, tempDir, testEnv } from '../helpers.ts';

const MIB = 1024 * 1024;
const hold = (mb: number, seconds: string) => [
  FAKE_TTS,
  '--text',
  'hi',
  '--out_path',
  'out.wav',
  '--fake-hold-mb',
  String(mb),
  '--fake-seconds',
  seconds,
];

function parseEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\0')) {
    const at = line.indexOf('=');
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  return env;
}

describe('alerts', () => {
  test('one crossing: a warning, a record event, the command with its environment', async () => {
    const dir = tempDir();
    const env = testEnv({ ALERT_OUT: join(dir, 'alert.env'), ALERT_COUNT: join(dir, 'count') });
    const done = await run(
      [
        'run',
        '--memory',
        '200M',
        '--warn-at',
        '50%',
        '--record',
        dir,
        '--on-alert',
        'env -0 > "$ALERT_OUT"; echo fired >> "$ALERT_COUNT"',
        '--',
        ...hold(120, '1.5'),
      ],
      { env },
    );
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /\nttsguard: warning: memory at 1\d\dM of 200M \(\d+%\)\n/);
    assert.equal(readFileSync(join(dir, 'count'), 'utf8'), 'fired\n');

    const alert = parseEnv(readFileSync(join(dir, 'alert.env'), 'utf8'));
    const [pid] = announcedPids(done.stderr);
    assert.equal(alert.TTSGUARD_ALERT_LIMIT, 'memory');
    assert.equal(alert.TTSGUARD_ALERT_UNIT, 'bytes');
    assert.equal(alert.TTSGUARD_ALERT_CEILING, String(200 * MIB));
    assert.ok(Number(alert.TTSGUARD_ALERT_VALUE) >= 100 * MIB, alert.TTSGUARD_ALERT_VALUE);
    assert.ok(Number(alert.TTSGUARD_ALERT_PERCENT) >= 50, alert.TTSGUARD_ALERT_PERCENT);
    assert.equal(alert.TTSGUARD_ALERT_PID, String(pid));
    assert.equal(alert.TTSGUARD_ALERT_COMMAND, hold(120, '1.5').join(' '));
    assert.match(alert.TTSGUARD_ALERT_MESSAGE!, /^memory at 1\d\dM of 200M$/);

    const record = readdirSync(dir).find((name) => name.endsWith('.jsonl'))!;
    assert.equal(alert.TTSGUARD_ALERT_RECORD, join(dir, record));
    const lines = readFileSync(join(dir, record), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const events = lines.filter((line) => line.kind === 'event').map((line) => line.event);
    assert.deepEqual(
      events.filter((e) => e === 'near' || e === 'alert'),
      ['near', 'alert'],
    );
    const result = lines.find((line) => line.event === 'alert');
    assert.equal(result.exitCode, 0);
    assert.equal(lines.at(-1).kind, 'outcome');
  });

  test('a failing command is logged and the run still ends as the workload did', async () => {
    const done = await run([
      'run',
      '--memory',
      '200M',
      '--warn-at',
      '40%',
      '--on-alert',
      'exit 3',
      '--',
      ...hold(100, '0.5'),
    ]);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /ttsguard: warning: --on-alert "exit 3": exited with code 3\n/);
  });

  test('a command that hangs is stopped after 10 s, with whatever it started', async () => {
    const dir = tempDir();
    const env = testEnv({ ALERT_PID: join(dir, 'sleep.pid') });
    const done = await run(
      [
        'run',
        '--memory',
        '200M',
        '--warn-at',
        '40%',
        '--on-alert',
        'sleep 120 & echo $! > "$ALERT_PID"; wait',
        '--',
        ...hold(100, '0.5'),
      ],
      { env },
    );
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /--on-alert ".*": still running after 10s; stopped\n/);
    await assertGone([Number(readFileSync(join(dir, 'sleep.pid'), 'utf8'))]);
  });
});
