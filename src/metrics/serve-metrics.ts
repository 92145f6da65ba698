// The Prometheus metrics of `serve`, in one registry of their own: requests, latency, the
// queue, rejections, restarts, the server's resources from samples, and the limits.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Settings } from '../config/registry.ts';
import type { Sample } from '../monitor/sampler.ts';

/** Gauges read at scrape time from the guard's admission. */
export interface QueueState {
  readonly queued: number;
  readonly inFlight: number;
}

/** Every metric of `serve`, with the functions that feed them. */
export class ServeMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<'endpoint' | 'status'>;
  private readonly latency: Histogram<'endpoint'>;
  private readonly rejections: Counter<'reason'>;
  private readonly restarts: Counter<'reason'>;
  private readonly up: Gauge;
  private readonly rss: Gauge;
  private readonly cpu: Gauge;
  private readonly limitBytes: Gauge<'limit'>;
  private readonly limitSeconds: Gauge<'limit'>;
  private readonly limitCount: Gauge<'limit'>;

  constructor(queue: QueueState | undefined) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'ttsguard_requests_total',
      help: 'Requests answered through the guard, by endpoint and HTTP status.',
      labelNames: ['endpoint', 'status'],
      registers,
    });
    this.latency = new Histogram({
      name: 'ttsguard_request_duration_seconds',
      help: 'Time from request to the end of the response, queue wait included.',
      labelNames: ['endpoint'],
      buckets: [0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    new Gauge({
      name: 'ttsguard_queue_depth',
      help: 'Requests waiting for the server.',
      registers,
      collect() {
        this.set(queue?.queued ?? 0);
      },
    });
    new Gauge({
      name: 'ttsguard_in_flight',
      help: 'Requests at the server now.',
      registers,
      collect() {
        this.set(queue?.inFlight ?? 0);
      },
    });
    this.rejections = new Counter({
      name: 'ttsguard_rejections_total',
      help: 'Requests the guard answered itself or dropped, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.restarts = new Counter({
      name: 'ttsguard_restarts_total',
      help: 'Restarts of the server, by reason.',
      labelNames: ['reason'],
      registers,
    });
    this.up = new Gauge({
      name: 'ttsguard_server_up',
      help: '1 while the server is ready.',
      registers,
    });
    this.rss = new Gauge({
      name: 'ttsguard_server_rss_bytes',
      help: "Resident memory of the server's whole process tree, at the last sample.",
      registers,
    });
    this.cpu = new Gauge({
      name: 'ttsguard_server_cpu_seconds',
      help: "CPU time used by the current server's tree since it started.",
      registers,
    });
    const limit = (name: string, help: string) =>
      new Gauge({ name, help, labelNames: ['limit'], registers });
    this.limitBytes = limit('ttsguard_limit_bytes', 'Size limits in force, in bytes.');
    this.limitSeconds = limit('ttsguard_limit_seconds', 'Time limits in force, in seconds.');
    this.limitCount = limit('ttsguard_limit_count', 'Count limits in force.');
  }

  /** Counts one answered request. */
  answered(endpoint: string, status: number, seconds: number): void {
    this.requests.inc({ endpoint, status: String(status) });
    this.latency.observe({ endpoint }, seconds);
  }

  /** Counts one rejection. */
  rejected(reason: string): void {
    this.rejections.inc({ reason });
  }

  /** Counts one restart. */
  restarted(reason: string): void {
    this.restarts.inc({ reason });
  }

  /** Whether the server is ready now. */
  serverUp(isUp: boolean): void {
    this.up.set(isUp ? 1 : 0);
  }

  /** The server's figures from one sample. */
  sampled(sample: Sample): void {
    this.rss.set(sample.rssBytes);
    this.cpu.set(sample.cpuMs / 1000);
  }

  /** Publishes the limits of `settings` (again after a reload). */
  showLimits(settings: Settings): void {
    this.limitBytes.reset();
    this.limitSeconds.reset();
    this.limitCount.reset();
    const set = (gauge: Gauge<'limit'>, name: string, value: number | undefined, scale = 1) => {
      if (value !== undefined) gauge.set({ limit: name }, value * scale);
    };
    set(this.limitBytes, 'memory', settings.memoryBytes);
    set(this.limitBytes, 'restart_memory', settings.restartMemoryBytes);
    set(this.limitBytes, 'address_space', settings.addressSpaceBytes);
    set(this.limitSeconds, 'cpu_time', settings.cpuTimeMs, 0.001);
    set(this.limitSeconds, 'request_timeout', settings.requestTimeoutMs, 0.001);
    set(this.limitSeconds, 'queue_timeout', settings.queueTimeoutMs, 0.001);
    set(this.limitCount, 'concurrency', settings.concurrency);
    set(this.limitCount, 'queue', settings.queueSize);
    set(this.limitCount, 'max_text', settings.maxTextChars);
    set(this.limitCount, 'rate_per_second', settings.ratePerSecond);
    set(this.limitCount, 'tasks', settings.tasks);
    set(this.limitCount, 'open_files', settings.openFiles);
  }
}
