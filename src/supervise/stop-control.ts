// The one place that decides why a run is being stopped: a limit, a forwarded signal, or a
// request from outside (serve). The first reason wins; a later one only hurries the stop.
import type { Settings } from '../config/registry.ts';
import type { StopRequest } from '../limits/watchdog.ts';
import type { RunObserver } from '../report/events.ts';
import type { Stopper } from './stopper.ts';

/** Records why the workload is being stopped and has the stopper act on it. */
export class StopControl {
  request: StopRequest | undefined;
  forwarded: string | undefined;
  aborted = false;

  constructor(
    private readonly stopper: Stopper,
    private readonly settings: Settings,
    private readonly observe: RunObserver,
  ) {}

  /** Whether a stop is under way for any reason. */
  get stopping(): boolean {
    return Boolean(this.request || this.forwarded || this.aborted);
  }

  /** A limit was crossed: stop with the configured signal, unless already stopping. */
  limit(request: StopRequest): void {
    if (this.stopping) return;
    this.request = request;
    this.observe({ type: 'stopping', reason: request.reason, message: request.message });
    this.stopper.stop(this.settings.signal);
  }

  /** A signal reached ttsguard: pass it on (a second one means SIGKILL now). */
  forward(signal: string): void {
    this.forwarded ??= signal;
    this.stopper.stop(signal);
  }

  /** Stopped on request from outside, e.g. a server restart. */
  abort(reason: unknown): void {
    if (this.stopping) return;
    this.aborted = true;
    const message = `stopping on request: ${String(reason ?? 'abort')}`;
    this.observe({ type: 'stopping', reason: 'stopped', message });
    this.stopper.stop(this.settings.signal);
  }
}
