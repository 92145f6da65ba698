// The privilege drop's command line, including the refusal when ttsguard is not root.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildPrivilegeDrop } from '../../src/limits/privileges.ts';

describe('privilege drop', () => {
  it('is nothing when neither --user nor --group is given', () => {
    assert.deepEqual(buildPrivilegeDrop({}, 1000), []);
  });

  it('refuses when ttsguard is not root, naming the flag and the uid', () => {
    assert.throws(() => buildPrivilegeDrop({ user: 'nobody' }, 1000), {
      name: 'InputError',
      message: "--user: only root can change the workload's user (running as uid 1000)",
    });
    assert.throws(() => buildPrivilegeDrop({ group: 'nogroup' }, 1000), {
      message: /^--group: only root can change/,
    });
  });

  it('sets uid, gid, the groups, no_new_privs and the parent-death signal again', () => {
    const argv = buildPrivilegeDrop({ user: 'root', group: '0' }, 0);
    assert.deepEqual(argv.slice(1), [
      '--reuid=0',
      '--regid=0',
      '--init-groups',
      '--no-new-privs',
      '--pdeathsig',
      'KILL',
      '--',
    ]);
    assert.match(argv[0]!, /\/setpriv$/);
  });
});
