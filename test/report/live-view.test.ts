// On a terminal the live table is redrawn in place; without one, plain lines; --quiet and
// NO_COLOR are respected. A real pty comes from util-linux's `script`.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { FAKE_TTS, run, TTSGUARD, tempDir, testEnv } from '../helpers.ts';

/** Runs ttsguard on a pseudo-terminal and returns everything the terminal received. */
function onTerminal(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; screen: string }> {
  const command = [TTSGUARD, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    cwd: tempDir(),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let screen = '';
  child.stdout.on('data', (chunk: Buffer) => {
    screen += chunk.toString();
  });
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, screen })));
}

const HOG = [
  FAKE_TTS,
  '--text',
  'x',
  '--fake-hold-mb',
  '60',
  '--fake-seconds',
  '1.5',
  '--out_path',
  'o.wav',
];

describe('live view', () => {
  it('draws and redraws a table with a row per process and totals against the limits', async () => {
    const { code, screen } = await onTerminal(
      ['run', '--memory', '1G', '--timeout', '30s', '--interval', '200ms', '--', ...HOG],
      testEnv({ TERM: 'xterm' }),
    );
    assert.equal(code, 0, screen);
    assert.match(screen, /pid.*command.*CPU %.*CPU time.*RSS.*threads/);
    assert.match(screen, /fixtures\/bin\/tts --text x/);
    assert.match(screen, /all .*processes, .* \/ 30s \(\d+%\) wall/);
    assert.match(screen, /[\d.]+M \/ 1G \(\d+%\)/);
    assert.ok(screen.includes('\u001b[2K') && screen.includes('\u001b[1A'), 'redrawn in place');
    assert.doesNotMatch(screen, /\u001b\[3\dm/, 'no colour under NO_COLOR');
    assert.match(screen, /ttsguard: exited with code 0; /);
  });

  it('uses colour on a terminal when NO_COLOR is not set', async () => {
    const env = testEnv({ TERM: 'xterm' });
    delete env.NO_COLOR;
    const { code, screen } = await onTerminal(
      ['run', '--memory', '1G', '--interval', '200ms', '--', ...HOG],
      env,
    );
    assert.equal(code, 0);
    assert.match(screen, /\u001b\[3\dm/);
  });

  it('without a terminal: a start line and a final line, nothing redrawn', async () => {
    const result = await run(['run', '--memory', '1G', '--', ...HOG]);
    assert.equal(result.code, 0);
    const own = result.stderr.split('\n').filter((line) => line.startsWith('ttsguard: '));
    assert.equal(own.length, 2, result.stderr);
    assert.match(own[0]!, /^ttsguard: started pid \d+: /);
    assert.match(own[1]!, /^ttsguard: exited with code 0; /);
    assert.ok(!result.stderr.includes('\u001b['));
  });

  it('a line when a limit nears', async () => {
    const result = await run([
      'run',
      '--memory',
      '100M',
      '--warn-at',
      '50%',
      '--interval',
      '100ms',
      '--',
      ...HOG,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /ttsguard: warning: memory at [\d.]+M of 100M \(\d+%\)/);
  });

  it('--quiet keeps only the stop reason', async () => {
    const quiet = await run(['run', '--quiet', '--', ...HOG]);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stderr.split('\n').filter((l) => l.startsWith('ttsguard: ')).length, 0);
    const stopped = await run([
      'run',
      '--quiet',
      '--timeout',
      '1s',
      '--',
      FAKE_TTS,
      '--text',
      'x',
      '--fake-hang',
    ]);
    assert.equal(stopped.code, 124);
    const own = stopped.stderr.split('\n').filter((l) => l.startsWith('ttsguard: '));
    assert.equal(own.length, 1);
    assert.match(own[0]!, /^ttsguard: timeout: still running after 1s; stopped with SIGTERM; /);
  });
});
