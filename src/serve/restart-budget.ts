// How soon and how often the server may be restarted after failures: an exponential backoff
// with a cap that starts again after a stable period, and a give-up rule (too many
// restarts within a window), like systemd's start limit.

/** The settings of the restart budget. */
export interface BudgetSettings {
  restartDelayMs: number;
  restartDelayMaxMs: number;
  stableAfterMs: number;
  restartLimit: number;
  restartWindowMs: number;
}

/** Failure restarts seen so far, and the delay before the next one. */
export class RestartBudget {
  private readonly restartsAtMs: number[] = [];
  private streak = 0;

  constructor(
    private settings: BudgetSettings,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** New settings from a reload. */
  update(settings: BudgetSettings): void {
    this.settings = settings;
  }

  /**
   * Records a failure restart of a server that was up for `upMs`; returns the delay to wait,
   * or undefined when the limit is reached and serve should give up.
   */
  next(upMs: number): number | undefined {
    const now = this.clock();
    if (upMs >= this.settings.stableAfterMs) this.streak = 0;
    this.restartsAtMs.push(now);
    while (this.restartsAtMs[0]! <= now - this.settings.restartWindowMs) this.restartsAtMs.shift();
    if (this.restartsAtMs.length > this.settings.restartLimit) return undefined;
    const delay = this.settings.restartDelayMs * 2 ** this.streak;
    this.streak += 1;
    return Math.min(delay, this.settings.restartDelayMaxMs);
  }

  /** Failure restarts within the current window. */
  get recent(): number {
    return this.restartsAtMs.length;
  }
}
