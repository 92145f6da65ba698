// A limit value the kernel will not take ends the run before the launch: one line naming the
// flag, the value and the kernel's words, exit 125, and no cgroup left of the half-made run.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cgroupV1Mechanism } from '../../src/limits/cgroup-v1.ts';
import { start, tempDir } from '../helpers.ts';
import { assertNoCgroupLeft } from './cgroup-helpers.ts';

const v1 = cgroupV1Mechanism.probe();
const skip = v1.available ? false : `cgroup v1 is not usable here: ${v1.reason}`;
// pids.max takes at most PID_MAX_LIMIT (4194304); one more is EINVAL.
const TOO_MANY = '4194305';

describe('a limit the kernel refuses', { skip }, () => {
  it('--tasks beyond pids.max: exit 125, one line, the workload never starts', async () => {
    const cwd = tempDir();
    const running = start(['run', '--tasks', TOO_MANY, '--', 'touch', 'started'], { cwd });
    const result = await running.done;
    assert.equal(result.code, 125);
    assert.equal(
      result.stderr,
      `ttsguard: --tasks: the kernel refused the value ${TOO_MANY} for pids.max ` +
        '(EINVAL: invalid argument); exit 125\n',
    );
    assert.equal(existsSync(join(cwd, 'started')), false);
    await assertNoCgroupLeft(running.child.pid!, 0);
  });

  it('removes the cgroups made before the refusal (memory, then pids)', async () => {
    const running = start(['run', '--memory', '100M', '--tasks', TOO_MANY, '--', 'true']);
    const result = await running.done;
    assert.equal(result.code, 125);
    assert.match(result.stderr, /^ttsguard: --tasks: the kernel refused the value 4194305 /);
    await assertNoCgroupLeft(running.child.pid!, 0);
  });
});
