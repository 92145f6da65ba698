// Admission to the server: at most `concurrency` requests at the server, at most `queueSize`
// waiting, each for at most `queueTimeoutMs`. While the server restarts the gate is closed:
// waiting requests are held (still bounded) instead of being sent to a server that is gone.

/** The bounds of admission; they can change on a reload. */
export interface AdmissionLimits {
  concurrency: number;
  queueSize: number;
  queueTimeoutMs: number;
}

/** Why a request was not admitted. */
export type Refusal = 'queue' | 'queue-timeout' | 'gone' | 'closed';

/** The answer to `acquire`: a slot to release, or the reason there is none. */
export type Admit = { ok: true; release: () => void } | { ok: false; reason: Refusal };

interface Waiter {
  grant: (admit: Admit) => void;
}

/** Counts requests at the server and queues the rest. */
export class Admission {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private open = false;
  private readonly idle = new Set<() => void>();

  constructor(private limits: AdmissionLimits) {}

  /** Requests at the server now. */
  get inFlight(): number {
    return this.running;
  }

  /** Requests waiting now. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Whether requests are passed to the server (false while it starts or restarts). */
  get isOpen(): boolean {
    return this.open;
  }

  /** New bounds from a reload; waiting requests are let through if they now fit. */
  update(limits: AdmissionLimits): void {
    this.limits = limits;
    this.pump();
  }

  /** Waits for a slot; `gone` aborts the wait when the client disconnects. */
  acquire(gone: AbortSignal): Promise<Admit> {
    if (this.open && this.running < this.limits.concurrency && this.waiting.length === 0) {
      return Promise.resolve(this.take());
    }
    if (this.waiting.length >= this.limits.queueSize) {
      return Promise.resolve({ ok: false, reason: 'queue' });
    }
    return new Promise((resolve) => {
      const leave = (admit: Admit) => {
        clearTimeout(timer);
        gone.removeEventListener('abort', onGone);
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve(admit);
      };
      const waiter: Waiter = { grant: leave };
      const onGone = () => leave({ ok: false, reason: 'gone' });
      const timer = setTimeout(
        () => leave({ ok: false, reason: 'queue-timeout' }),
        this.limits.queueTimeoutMs,
      );
      gone.addEventListener('abort', onGone, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Closes the gate: nothing more goes to the server until `resume`. */
  pause(): void {
    this.open = false;
  }

  /** Opens the gate and lets waiting requests through. */
  resume(): void {
    this.open = true;
    this.pump();
  }

  /** Turns every waiting request away (a shutdown). */
  refuseWaiting(): void {
    for (const waiter of [...this.waiting]) waiter.grant({ ok: false, reason: 'closed' });
  }

  /** Resolves true once nothing is at the server, or false after `ms`. */
  drain(ms: number): Promise<boolean> {
    if (this.running === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (drained: boolean) => {
        clearTimeout(timer);
        this.idle.delete(onIdle);
        resolve(drained);
      };
      const onIdle = () => done(true);
      const timer = setTimeout(() => done(false), ms);
      this.idle.add(onIdle);
    });
  }

  private take(): Admit {
    this.running += 1;
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.running -= 1;
        if (this.running === 0) for (const onIdle of [...this.idle]) onIdle();
        this.pump();
      },
    };
  }

  private pump(): void {
    while (this.open && this.running < this.limits.concurrency && this.waiting.length > 0) {
      this.waiting[0]!.grant(this.take());
    }
  }
}
