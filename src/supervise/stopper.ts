// Stops the workload whole: the stop signal to its process group and to every member seen
// outside it, then, after the grace period, SIGKILL to all of them. A member is only ever
// signalled after its pid and start time are checked again, so a reused pid is never hit.
import { type Identity, isAlive, type ProcessTree } from '../monitor/process-tree.ts';

/** What the stopper did, for the outcome. */
export interface StopRecord {
  /** The first stop signal sent, e.g. `SIGTERM`. */
  signal: string;
  /** Whether SIGKILL had to follow. */
  escalated: boolean;
  requestedAtMs: number;
}

/** Sends stop signals to a workload and escalates to SIGKILL after a grace period. */
export class Stopper {
  private record: StopRecord | undefined;
  private killTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tree: ProcessTree,
    private readonly graceMs: number,
    private readonly clock: () => number,
  ) {}

  /** What was done so far; undefined while nothing was sent. */
  get stopped(): StopRecord | undefined {
    return this.record;
  }

  /** Sends `signal` to the whole tree; SIGKILL follows after the grace period. */
  stop(signal: string): void {
    if (this.record) {
      // A second request while stopping (a second Ctrl-C, say) means: now.
      this.kill();
      return;
    }
    this.record = { signal, escalated: false, requestedAtMs: this.clock() };
    if (signal === 'SIGKILL') {
      this.kill();
      return;
    }
    this.signalAll(signal);
    this.killTimer = setTimeout(() => this.kill(), this.graceMs);
  }

  /** SIGKILL to the group and to every member still alive. */
  kill(): void {
    clearTimeout(this.killTimer);
    this.killTimer = undefined;
    if (!this.record)
      this.record = { signal: 'SIGKILL', escalated: false, requestedAtMs: this.clock() };
    if (this.signalAll('SIGKILL') && this.record.signal !== 'SIGKILL') this.record.escalated = true;
  }

  /** Cancels a pending escalation once nothing is left. */
  settle(): void {
    clearTimeout(this.killTimer);
    this.killTimer = undefined;
  }

  /** Signals the group and the survivors; true when anything was still there to signal. */
  private signalAll(signal: string): boolean {
    let hit = sendToGroup(this.tree.rootPid, signal);
    this.tree.scan();
    for (const member of this.tree.survivors()) {
      if (signalIdentity(member, signal)) hit = true;
    }
    return hit;
  }
}

/** Signals a whole process group; false when the group no longer exists. */
export function sendToGroup(pgid: number, signal: string): boolean {
  try {
    process.kill(-pgid, signal as NodeJS.Signals);
    return true;
  } catch {
    return false;
  }
}

/** Signals one process, only if it is still the process we saw. */
export function signalIdentity(member: Identity, signal: string): boolean {
  if (!isAlive(member)) return false;
  try {
    process.kill(member.pid, signal as NodeJS.Signals);
    return true;
  } catch {
    return false;
  }
}
