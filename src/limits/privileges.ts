// Dropping privileges for the workload with `setpriv`: another user and group, the user's
// supplementary groups, and no way back up (no_new_privs). Only root may do this.
import { execFileSync } from 'node:child_process';
import { InputError } from '../config/input-error.ts';
import { findTool } from './find-tool.ts';

/** Who the workload should run as. */
export interface Identity {
  user?: string;
  group?: string;
}

/** A user's entry as `getent passwd` gives it. */
export interface Account {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** The setpriv prefix that changes user and group, or [] when neither is asked for. */
export function buildPrivilegeDrop(identity: Identity, uid = process.getuid?.() ?? 0): string[] {
  if (identity.user === undefined && identity.group === undefined) return [];
  const flag = identity.user !== undefined ? '--user' : '--group';
  if (uid !== 0) {
    throw new InputError(
      `${flag}: only root can change the workload's user (running as uid ${uid})`,
    );
  }
  const setpriv = findTool('setpriv');
  if (!setpriv) throw new InputError(`${flag}: setpriv (util-linux) is not installed`);
  const account = identity.user === undefined ? undefined : lookUpUser(identity.user);
  const gid = identity.group === undefined ? account?.gid : lookUpGroup(identity.group);
  const args = [setpriv];
  if (account) args.push(`--reuid=${account.uid}`);
  if (gid !== undefined) args.push(`--regid=${gid}`);
  args.push(account ? '--init-groups' : '--clear-groups', '--no-new-privs');
  // The kernel clears PR_SET_PDEATHSIG when the uid or gid changes (prctl(2)), so the
  // parent-death signal set earlier in the chain is set again after the change.
  args.push('--pdeathsig', 'KILL', '--');
  return args;
}

/** The account named `name` (or numbered), or an InputError when there is none. */
export function lookUpUser(name: string): Account {
  const fields = getent('passwd', name)?.split(':');
  if (!fields || fields.length < 7) throw new InputError(`--user: no user "${name}" on this host`);
  return { name: fields[0]!, uid: Number(fields[2]), gid: Number(fields[3]), home: fields[5]! };
}

function lookUpGroup(name: string): number {
  const fields = getent('group', name)?.split(':');
  if (!fields || fields.length < 3)
    throw new InputError(`--group: no group "${name}" on this host`);
  return Number(fields[2]);
}

function getent(database: string, key: string): string | undefined {
  try {
    return execFileSync('getent', [database, key], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    return undefined;
  }
}
