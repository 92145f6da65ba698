// Per-client rate limiting: one token bucket per client address, refilled continuously.

/** Token buckets by client address; `take` says whether one more request may pass. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; atMs: number }>();
  private lastSweepMs = 0;

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** The bucket size: one second's worth of requests, and at least one. */
  get burst(): number {
    return Math.max(1, Math.ceil(this.perSecond));
  }

  /** Takes a token for `client`; false when its bucket is empty. */
  take(client: string): boolean {
    const now = this.clock();
    this.sweep(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.burst, atMs: now };
    bucket.tokens = Math.min(
      this.burst,
      bucket.tokens + ((now - bucket.atMs) * this.perSecond) / 1000,
    );
    bucket.atMs = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Seconds until `client` has a token again, for Retry-After. */
  retryAfterSeconds(client: string): number {
    const tokens = this.buckets.get(client)?.tokens ?? 1;
    return Math.max(1, Math.ceil((1 - tokens) / this.perSecond));
  }

  /** Forgets buckets that have refilled, so that many clients do not grow the map forever. */
  private sweep(now: number): void {
    if (now - this.lastSweepMs < 10_000) return;
    this.lastSweepMs = now;
    for (const [client, bucket] of this.buckets) {
      const refilled = bucket.tokens + ((now - bucket.atMs) * this.perSecond) / 1000;
      if (refilled >= this.burst) this.buckets.delete(client);
    }
  }
}
