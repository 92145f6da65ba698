// Knows which processes belong to the workload: the root, everything descended from it, its
// process group and session, and every process ever seen in it (a pid plus its start time,
// so that a reused pid is never mistaken for a member).
import { readdirSync } from 'node:fs';
import { NewPids, type PidFilter } from './new-pids.ts';
import { type ProcStat, readProcStat } from './proc-stat.ts';

/** A process named so that pid reuse cannot fool us. */
export interface Identity {
  pid: number;
  startTicks: number;
}

/** The workload's process tree, refreshed from /proc on each scan. */
export class ProcessTree {
  private readonly known = new Map<number, ProcStat>();
  private retiredTicks = 0;
  /** Extra pids to count as members, such as those a cgroup reports. */
  extraPids: () => number[] = () => [];

  private readonly newPids: NewPids;

  constructor(readonly rootPid: number) {
    this.newPids = new NewPids(rootPid);
  }

  /** Reads /proc once and returns the live members, root first. */
  scan(): ProcStat[] {
    const extra = this.extraPids();
    const wanted = new Set([this.rootPid, ...this.known.keys(), ...extra]);
    const all = readStats(this.newPids.since(), wanted);
    const members = new Map<number, ProcStat>();
    const add = (stat: ProcStat | undefined) => {
      if (stat && !members.has(stat.pid)) members.set(stat.pid, stat);
    };
    add(all.get(this.rootPid));
    for (const [pid, old] of this.known) {
      const now = all.get(pid);
      if (now && now.startTicks === old.startTicks) add(now);
    }
    for (const pid of extra) add(all.get(pid));
    for (const stat of all.values()) {
      if (stat.pgrp === this.rootPid || stat.session === this.rootPid) add(stat);
    }
    addDescendants(all, members);
    this.retire(members);
    for (const stat of members.values()) this.known.set(stat.pid, stat);
    return [...members.values()];
  }

  /** CPU ticks of members that ended and were not waited for by another member. */
  get retiredCpuTicks(): number {
    return this.retiredTicks;
  }

  /** Every member seen so far, alive or not. */
  identities(): Identity[] {
    return [...this.known.values()].map(({ pid, startTicks }) => ({ pid, startTicks }));
  }

  /**
   * Whether anything of the workload may still run, without a scan of all of /proc: its
   * process group, a member seen before, or a pid its cgroup reports.
   */
  mayHaveSurvivors(): boolean {
    try {
      process.kill(-this.rootPid, 0);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPERM') return true;
    }
    return this.extraPids().length > 0 || this.identities().some(isAlive);
  }

  /** Members seen before that are still alive now (a fresh read of /proc for each). */
  survivors(): Identity[] {
    return this.identities().filter(isAlive);
  }

  private retire(members: Map<number, ProcStat>): void {
    for (const [pid, old] of this.known) {
      if (members.get(pid)?.startTicks === old.startTicks) continue;
      this.known.delete(pid);
      // A member's parent that is itself a member (the root included) waits for it, and
      // its time then shows in that parent's childCpuTicks: count it there, not here.
      const parentIsMember = members.has(old.ppid);
      if (!parentIsMember && pid !== this.rootPid) {
        this.retiredTicks += old.cpuTicks + old.childCpuTicks;
      }
    }
  }
}

/** Whether the process named by an identity is still running (zombies count as gone). */
export function isAlive(identity: Identity): boolean {
  return readProcStat(identity.pid)?.startTicks === identity.startTicks;
}

/** Stats of the `wanted` processes and of those the filter lets through. */
function readStats(filter: PidFilter, wanted: Set<number>): Map<number, ProcStat> {
  const stats = new Map<number, ProcStat>();
  const read = (pid: number) => {
    const stat = readProcStat(pid);
    if (stat) stats.set(stat.pid, stat);
  };
  if (filter.kind === 'none') {
    for (const pid of wanted) read(pid);
    return stats;
  }
  // Listing /proc shows processes only, never their threads, whose ids are pids too.
  for (const name of readdirSync('/proc')) {
    const code = name.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    const pid = Number(name);
    if (filter.kind === 'all' || filter.includes(pid) || wanted.has(pid)) read(pid);
  }
  return stats;
}

function addDescendants(all: Map<number, ProcStat>, members: Map<number, ProcStat>): void {
  const children = new Map<number, ProcStat[]>();
  for (const stat of all.values()) {
    const list = children.get(stat.ppid);
    if (list) list.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  const queue = [...members.keys()];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      if (members.has(child.pid)) continue;
      members.set(child.pid, child);
      queue.push(child.pid);
    }
  }
}
