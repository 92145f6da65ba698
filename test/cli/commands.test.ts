// The command line as users meet it first: help, version, unknown words and missing parts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../helpers.ts';

describe('the command line', () => {
  it('--help lists every command on stdout, exit 0', async () => {
    const result = await run(['--help']);
    assert.equal(result.code, 0);
    const text = result.stdout.toString();
    for (const name of [
      'run',
      'serve',
      'config',
      'doctor',
      'demo',
      'report',
      'suggest',
      'export',
    ]) {
      assert.match(text, new RegExp(`^  ${name}\\b`, 'm'), name);
    }
  });

  it('run --help shows each setting with its default, exit 0', async () => {
    const result = await run(['run', '--help']);
    assert.equal(result.code, 0);
    const text = result.stdout.toString();
    assert.match(
      text,
      /--kill-after <DUR>\s+grace between the stop signal and SIGKILL\s+\(default:\s+5s\)/,
    );
    assert.match(text, /--interval <DUR>[\s\S]*?\(default: 1s\)/);
    assert.doesNotMatch(text, /--listen/, "serve's flags are not run's");
  });

  it('--version prints the version, exit 0', async () => {
    const result = await run(['--version']);
    assert.equal(result.code, 0);
    assert.equal(result.stdout.toString(), '0.1.0\n');
  });

  it('an unknown, a missing or no command at all is a usage error (125)', async () => {
    const unknown = await run(['frobnicate']);
    assert.equal(unknown.code, 125);
    assert.equal(unknown.stderr, "ttsguard: unknown command 'frobnicate'\n");
    const missing = await run(['run']);
    assert.equal(missing.code, 125);
    assert.equal(missing.stderr, "ttsguard: missing required argument 'command'\n");
    const nothing = await run([]);
    assert.equal(nothing.code, 125);
    assert.match(nothing.stderr, /Usage: ttsguard/);
  });

  it("the workload's own flags after the command are left to it", async () => {
    const result = await run(['run', '--', 'printf', '%s|', '--timeout', '--memory', 'x']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.toString(), '--timeout|--memory|x|');
  });
});
