// The launch chain's other links on real processes: another user, the sandbox, the
// environment, and CPU affinity when no cgroup may be used.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { probeSandbox } from '../../src/limits/sandbox.ts';
import { assertGone, isRunning, run, start, tempDir, testEnv } from '../helpers.ts';

const isRoot = process.getuid?.() === 0;
/** A python that `nobody` may run (not a shim under root's home). */
const PYTHON = '/usr/bin/python3';
/** Prints the workload's own PR_GET_PDEATHSIG (prctl option 2) and pid, then hangs. */
const PDEATHSIG_THEN_HANG =
  'import ctypes, os, time\n' +
  'v = ctypes.c_int(); ctypes.CDLL(None).prctl(2, ctypes.byref(v))\n' +
  'print(v.value, os.getpid(), flush=True)\n' +
  'time.sleep(60)';

describe('--user and --group', { skip: isRoot ? false : 'needs root' }, () => {
  it('--user nobody runs the workload as nobody, with no new privileges', async () => {
    const result = await run([
      'run',
      '--user',
      'nobody',
      '--',
      '/bin/sh',
      '-c',
      'id -u; id -g; grep NoNewPrivs /proc/self/status',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.toString(), '65534\n65534\nNoNewPrivs:\t1\n');
  });

  it('--user keeps the parent-death signal: kill -9 of ttsguard takes the workload along', {
    skip: existsSync(PYTHON) ? false : `needs ${PYTHON}`,
  }, async () => {
    const running = start(['run', '--user', 'nobody', '--', PYTHON, '-c', PDEATHSIG_THEN_HANG], {
      cwd: '/',
    });
    const stdout = await new Promise<string>((resolve) => {
      running.child.stdout!.on('data', () => {
        const text = Buffer.concat(running.stdout).toString();
        if (text.endsWith('\n')) resolve(text);
      });
    });
    const [signal, pid] = stdout.trim().split(' ').map(Number);
    assert.equal(signal, 9, `PR_GET_PDEATHSIG of the workload: ${stdout}`);
    assert.equal(isRunning(pid!), true);
    running.child.kill('SIGKILL');
    await running.done;
    await assertGone([pid!]);
  });

  it('refuses an unknown user with one line and exit 125', async () => {
    const result = await run(['run', '--user', 'no-such-user-x', '--', 'true']);
    assert.equal(result.code, 125);
    assert.equal(result.stderr, 'ttsguard: --user: no user "no-such-user-x" on this host\n');
  });
});

describe('--isolate', { skip: probeSandbox().available ? false : probeSandbox().reason }, () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  before(async () => {
    server = createServer((socket) => {
      // The client (python) closes at once; a reset then is expected, not a failure.
      socket.on('error', () => {});
      connections += 1;
      socket.end('hello\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => server.close());

  const probe = (outside: string, extra: string) => `
import json, socket
def attempt(action):
    try:
        action(); return "ok"
    except OSError as error:
        return error.strerror
def write(path):
    return lambda: open(path, "w").write("x")
def connect():
    socket.create_connection(("127.0.0.1", ${port}), timeout=3).close()
print(json.dumps({"cwd": attempt(write("inside.txt")), "outside": attempt(write("${outside}/x")),
    "extra": attempt(write("${extra}/x")), "tmp": attempt(write("/tmp/ttsguard-private")),
    "net": attempt(connect)}))
`;

  it('lets the workload write only its cwd and --writable paths, with no network', async () => {
    const cwd = tempDir();
    // Outside /tmp, so that the path exists in the sandbox too (its /tmp is private).
    const outside = mkdtempSync('/var/tmp/ttsguard-test-');
    const extra = mkdtempSync('/var/tmp/ttsguard-test-');
    const result = await run(
      ['run', '--isolate', '--writable', extra, '--', 'python3', '-c', probe(outside, extra)],
      { cwd },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout.toString()), {
      cwd: 'ok',
      outside: 'Read-only file system',
      extra: 'ok',
      tmp: 'ok',
      // A network namespace of its own: its loopback has no listener, ours is out of reach.
      net: 'Connection refused',
    });
    assert.equal(connections, 0);
    assert.equal(readFileSync(join(cwd, 'inside.txt'), 'utf8'), 'x');
    assert.equal(readFileSync(join(extra, 'x'), 'utf8'), 'x');
    assert.equal(existsSync('/tmp/ttsguard-private'), false);
  });

  it('--network keeps the network', async () => {
    const cwd = tempDir();
    const outside = tempDir();
    const result = await run(
      ['run', '--isolate', '--network', '--', 'python3', '-c', probe(outside, outside)],
      { cwd },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout.toString()).net, 'ok');
    assert.equal(connections, 1);
  });
});

describe('the environment', () => {
  it('--env-clear passes only what --env names', async () => {
    const result = await run(
      ['run', '--env-clear', '--env', 'GREETING=hi there', '--env', 'PATH', '--', '/usr/bin/env'],
      { env: testEnv({ SECRET: 'do-not-pass' }) },
    );
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.toString().trim().split('\n').sort();
    assert.deepEqual(lines, ['GREETING=hi there', `PATH=${process.env.PATH}`]);
  });

  it('--cpus sets the thread-pool variables unless they are set', async () => {
    const result = await run(['run', '--cpus', '1.5', '--', '/usr/bin/env'], {
      env: testEnv({ MKL_NUM_THREADS: '7' }),
    });
    assert.equal(result.code, 0, result.stderr);
    const env = result.stdout.toString();
    assert.match(env, /^OMP_NUM_THREADS=2$/m);
    assert.match(env, /^MKL_NUM_THREADS=7$/m);
    assert.match(env, /^OPENBLAS_NUM_THREADS=2$/m);
    assert.match(env, /^NUMEXPR_NUM_THREADS=2$/m);
  });

  it('keeps the arguments exactly as given through the cgroup gate', async () => {
    const args = ['--', '', 'a b', '$HOME', '"q"', "it's", '*', '-c'];
    const result = await run([
      'run',
      '--memory',
      '200M',
      '--',
      'python3',
      '-c',
      'import json, sys; print(json.dumps(sys.argv[1:]))',
      ...args,
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout.toString()), args);
  });
});

describe('affinity', () => {
  it('pins --cpus to whole cores with taskset without a cgroup, and says so', async () => {
    const dir = tempDir();
    const summary = join(dir, 'summary.json');
    const result = await run(
      [
        'run',
        '--cpus',
        '0.5',
        '--json-summary',
        summary,
        '--',
        'python3',
        '-c',
        'import os; print(sorted(os.sched_getaffinity(0)))',
      ],
      { cwd: dir, env: testEnv({ TTSGUARD_MECHANISMS: 'affinity,rlimit,watchdog' }) },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.toString(), '[0]\n');
    assert.match(result.stderr, /warning: --cpus: no cgroup cpu controller, pinned to 1 core/);
    const outcome = JSON.parse(readFileSync(summary, 'utf8'));
    assert.deepEqual(outcome.enforcement.cpus, { mechanism: 'affinity', verified: true });
  });
});
