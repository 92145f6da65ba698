// A tiny watcher that outlives ttsguard by design: it holds the read end of a pipe, and if
// ttsguard dies without saying "done" (kill -9), it kills the workload's group and every
// member outside it that ttsguard told it about, then empties and removes the workload's
// cgroups. setpriv's parent-death signal covers only the direct child; this covers the rest.
import { type ChildProcess, spawn } from 'node:child_process';

const SCRIPT = `trap '' HUP INT QUIT TERM
group=$1; shift; pids=
while IFS= read -r line; do
  case $line in
    done) exit 0 ;;
    +*) pids="$pids \${line#+}" ;;
    -*) kept=; for p in $pids; do [ "$p" = "\${line#-}" ] || kept="$kept $p"; done; pids=$kept ;;
  esac
done
kill -KILL -- -"$group" 2>/dev/null
for p in $pids; do kill -KILL "$p" 2>/dev/null; done
for dir; do
  n=0
  while [ -d "$dir" ] && ! rmdir "$dir" 2>/dev/null && [ $n -lt 250 ]; do
    [ -e "$dir/cgroup.kill" ] && echo 1 > "$dir/cgroup.kill" 2>/dev/null
    kill -KILL $(cat "$dir/cgroup.procs" 2>/dev/null) 2>/dev/null
    sleep 0.02; n=$((n + 1))
  done
done
exit 0`;

/** The handle ttsguard keeps on its sentinel. */
export class Sentinel {
  private readonly watched = new Set<number>();

  private constructor(private readonly process: ChildProcess) {}

  /** Starts a sentinel for the process group `group` and the workload's cgroup directories. */
  static start(group: number, cgroups: string[] = []): Sentinel {
    const args = ['-c', SCRIPT, 'ttsguard-sentinel', String(group), ...cgroups];
    const child = spawn('/bin/sh', args, {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: true,
    });
    child.on('error', () => {});
    child.stdin?.on('error', () => {});
    child.unref();
    return new Sentinel(child);
  }

  /** Keeps the sentinel's list of members outside the group in step with the tree. */
  update(outsideGroup: number[]): void {
    const now = new Set(outsideGroup);
    for (const pid of now) if (!this.watched.has(pid)) this.send(`+${pid}`);
    for (const pid of this.watched) if (!now.has(pid)) this.send(`-${pid}`);
    this.watched.clear();
    for (const pid of now) this.watched.add(pid);
  }

  /** Tells the sentinel the workload is gone; it exits without killing anything. */
  async dismiss(): Promise<void> {
    const stdin = this.process.stdin;
    if (!stdin || stdin.destroyed) return;
    await new Promise<void>((done) => {
      const timer = setTimeout(done, 200);
      stdin.end('done\n', () => {
        clearTimeout(timer);
        done();
      });
    });
  }

  private send(line: string): void {
    this.process.stdin?.write(`${line}\n`);
  }
}
