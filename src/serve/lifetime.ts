// One lifetime of the server: start it under its limits, wait until it answers, watch its
// health and memory, and end it when it ends by itself or when serve asks.
import type { Settings } from '../config/registry.ts';
import { formatDuration, formatSize } from '../config/units.ts';
import type { Admission } from '../guard/admission.ts';
import type { ServeMetrics } from '../metrics/serve-metrics.ts';
import type { RunEvent, RunObserver } from '../report/events.ts';
import type { Logger } from '../report/logger.ts';
import type { Outcome } from '../supervise/outcome.ts';
import { type RunInput, superviseRun } from '../supervise/supervise-run.ts';
import { watchHealth } from './health.ts';
import { waitReady } from './probe.ts';
import type { RestartRequest } from './restart-request.ts';

/** What a lifetime needs besides its settings. */
export interface LifetimeInput {
  run: Omit<RunInput, 'settings' | 'observe' | 'forwardSignals' | 'abort'>;
  settings: Settings;
  upstream: URL;
  admission: Admission;
  metrics: ServeMetrics;
  logger: Logger;
  observe: RunObserver;
  /** Called once when the server first answers, with the time it took. */
  onReady: (readyMs: number) => void;
}

/** How a lifetime ended. */
export interface LifetimeEnd {
  outcome: Outcome;
  /** Set when serve ended it; undefined when the server ended by itself. */
  request?: RestartRequest;
  upMs: number;
}

/** A lifetime whose run could not be supervised at all, e.g. limits this host refuses. */
export class LifetimeFailure extends Error {
  constructor(override readonly cause: Error) {
    super(`the server could not be started: ${cause.message}`);
  }
}

/** A running server, from spawn to the end of its tree. */
export class Lifetime {
  private request: RestartRequest | undefined;
  private wake: () => void = () => {};
  private hurried: () => void = () => {};
  private readonly hurry$ = new Promise<false>((resolve) => {
    this.hurried = () => resolve(false);
  });

  constructor(private readonly input: LifetimeInput) {}

  /** Asks for the end of this lifetime; the first request wins. */
  ask(request: RestartRequest): void {
    if (this.request) return;
    this.request = request;
    this.wake();
  }

  /** Cuts the drain short (a second SIGTERM). */
  hurry(): void {
    this.hurried();
  }

  /** Runs the lifetime to its end; resolves once the server's tree is gone. */
  async run(): Promise<LifetimeEnd> {
    const { settings, upstream, admission, metrics, logger } = this.input;
    const controller = new AbortController();
    const startedAt = performance.now();
    let outcome: Outcome | undefined;
    let failure: Error | undefined;
    // A run that cannot start (limits refused here) rejects; that ends the lifetime too, and
    // is caught here so that it can never become an unhandled rejection.
    const ended = superviseRun({
      ...this.input.run,
      settings,
      observe: (event) => this.onEvent(event),
      forwardSignals: false,
      abort: controller.signal,
    }).then(
      (result) => {
        outcome = result;
        this.wake();
        return result;
      },
      (error: unknown) => {
        failure = error instanceof Error ? error : new Error(String(error));
        this.wake();
        return undefined;
      },
    );

    const isOver = () =>
      outcome !== undefined || failure !== undefined || this.request !== undefined;
    const readyMs = await waitReady(upstream, settings.startTimeoutMs, isOver);
    let stopHealth = () => {};
    if (readyMs !== undefined && !isOver()) {
      logger.info(`ready: the server answers at ${upstream.origin} (${formatDuration(readyMs)})`);
      metrics.serverUp(true);
      admission.resume();
      this.input.onReady(readyMs);
      stopHealth = watchHealth(upstream, settings, (message) =>
        this.ask({ reason: 'health', graceful: false, message }),
      );
    } else if (!isOver()) {
      const limit = formatDuration(settings.startTimeoutMs);
      const message = `start-timeout: ${upstream.origin} did not answer within ${limit}`;
      this.ask({ reason: 'start-timeout', graceful: false, message });
    }

    while (!isOver()) await new Promise<void>((resolve) => (this.wake = resolve));
    stopHealth();
    admission.pause();
    metrics.serverUp(false);
    if (!outcome && !failure && this.request) await this.stop(this.request, controller);
    const result = await ended;
    if (!result) throw new LifetimeFailure(failure!);
    return { outcome: result, request: this.request, upMs: performance.now() - startedAt };
  }

  private async stop(request: RestartRequest, controller: AbortController): Promise<void> {
    const { admission, settings, logger } = this.input;
    if (request.graceful && admission.inFlight > 0) {
      const grace = formatDuration(settings.drainGraceMs);
      logger.info(`draining ${admission.inFlight} request(s) in flight (up to ${grace})`);
      const drained = await Promise.race([admission.drain(settings.drainGraceMs), this.hurry$]);
      if (!drained) logger.warn(`requests still in flight after draining; stopping anyway`);
    }
    if (request.reason === 'stop') admission.refuseWaiting();
    controller.abort(request.message);
  }

  private onEvent(event: RunEvent): void {
    this.input.observe(event);
    if (event.type !== 'sample') return;
    this.input.metrics.sampled(event.sample);
    const ceiling = this.input.settings.restartMemoryBytes;
    if (ceiling !== undefined && event.sample.rssBytes > ceiling && !this.request) {
      const rss = formatSize(event.sample.rssBytes);
      const message = `restart-memory: the tree's RSS ${rss} passed ${formatSize(ceiling)}`;
      this.ask({ reason: 'restart-memory', graceful: true, message });
    }
  }
}
