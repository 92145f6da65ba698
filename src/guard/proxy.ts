// The guard proxy: it stands between clients and tts-server, bounds the text, the queue,
// the rate and the processing time, and passes the server's answers through unchanged.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatDuration, formatSize } from '../config/units.ts';
import type { Admission, AdmissionLimits, Admit } from './admission.ts';
import { characterCount, endpointOf, extractText } from './endpoints.ts';
import { forward } from './forward.ts';
import { RateLimiter } from './rate-limit.ts';
import { readBody } from './read-body.ts';
import { EMPTY_TEXT_MESSAGE, type Rejection, sendError } from './replies.ts';

/** The bounds the guard applies; they can change on a reload. */
export interface GuardLimits extends AdmissionLimits {
  maxTextChars?: number;
  requestTimeoutMs: number;
  ratePerSecond?: number;
}

/** What the guard tells the supervisor and the metrics. */
export interface GuardEvents {
  /** A response was sent in full, by the server or by the guard. */
  answered(endpoint: string, status: number, seconds: number): void;
  /** The guard answered a request itself, or dropped it (`gone`, `closed`). */
  rejected(reason: Rejection | 'gone' | 'closed', message: string): void;
  /** A request ran past the request timeout: the server is stuck behind its lock. */
  runaway(message: string): void;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const RETRY_MS = 100;
const RESTART_RETRY_AFTER_S = 5;
const FREE: Admit = { ok: true, release: () => {} };

// A synthesis is a pure function of its text, so a request the server dropped unanswered
// when it died is sent again, but only this often: the request may be what kills it.
const MAX_RESETS = 1;

/** The proxy server in front of one upstream tts-server. */
export class Guard {
  private readonly server: http.Server;
  private rate: RateLimiter | undefined;

  constructor(
    private limits: GuardLimits,
    readonly admission: Admission,
    private readonly upstream: URL,
    private readonly events: GuardEvents,
  ) {
    this.rate = rateLimiterFor(limits);
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: Error) => sendError(res, 502, error.message));
    });
  }

  /** Listens on `host:port`; resolves with the address really bound (port 0: any). */
  listen(host: string, port: number): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port }, () => {
        this.server.off('error', reject);
        resolve(this.server.address() as AddressInfo);
      });
    });
  }

  /** New bounds from a reload. */
  update(limits: GuardLimits): void {
    this.limits = limits;
    this.rate = rateLimiterFor(limits);
    this.admission.update(limits);
  }

  /** Stops listening and closes idle connections; requests under way still finish. */
  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    res.sendDate = false;
    const url = new URL(req.url ?? '/', 'http://guard');
    const endpoint = endpointOf(url.pathname);
    const label = endpoint?.path ?? 'other';
    res.once('finish', () => {
      this.events.answered(label, res.statusCode, (performance.now() - startedAt) / 1000);
    });
    const refuse = (reason: Rejection, status: number, message: string, retryAfter?: number) => {
      this.events.rejected(reason, message);
      sendError(res, status, message, retryAfter);
    };

    const client = req.socket.remoteAddress ?? 'unknown';
    if (this.rate && !this.rate.take(client)) {
      const message = `rate limit: over ${this.limits.ratePerSecond}/s from ${client}`;
      refuse('rate', 429, message, this.rate.retryAfterSeconds(client));
      return;
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (body === undefined) {
      refuse('body', 413, `request body over ${formatSize(MAX_BODY_BYTES)}`);
      return;
    }
    if (endpoint?.synthesizes) {
      const text = extractText(url.pathname, {
        method: req.method ?? 'GET',
        query: url.searchParams,
        headers: req.headers,
        body,
      });
      const max = this.limits.maxTextChars;
      const chars = text === undefined ? 0 : characterCount(text);
      if (text !== undefined && text.trim() === '') {
        refuse('empty', 400, EMPTY_TEXT_MESSAGE);
        return;
      }
      if (max !== undefined && chars > max) {
        refuse('text', 413, `text is ${chars} characters, over the limit of ${max}`);
        return;
      }
    }

    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    const deadline = performance.now() + this.limits.queueTimeoutMs;
    let resets = 0;
    for (;;) {
      const admit = endpoint?.synthesizes ? await this.admission.acquire(gone.signal) : FREE;
      if (!admit.ok) {
        if (admit.reason === 'gone') this.events.rejected('gone', 'client left while queued');
        else if (admit.reason === 'closed') refuse('unavailable', 503, 'ttsguard is stopping');
        else this.refuseQueued(admit.reason, refuse);
        return;
      }
      const forwarded = await forward({
        req,
        res,
        body,
        upstream: this.upstream,
        timeoutMs: endpoint?.synthesizes ? this.limits.requestTimeoutMs : undefined,
        mayReset: resets < MAX_RESETS,
      });
      if (forwarded.kind === 'timeout') this.abandon(res, forwarded.cut);
      if (forwarded.kind === 'failed') refuse('upstream', 502, forwarded.message);
      admit.release();
      if (forwarded.kind !== 'refused' && forwarded.kind !== 'reset') return;
      if (gone.signal.aborted) return;
      if (forwarded.kind === 'reset') resets += 1;
      if (performance.now() > deadline) {
        const message = 'the server is not accepting connections (restarting)';
        refuse('unavailable', 503, message, RESTART_RETRY_AFTER_S);
        return;
      }
      await delay(RETRY_MS);
    }
  }

  private refuseQueued(
    reason: 'queue' | 'queue-timeout',
    refuse: (reason: Rejection, status: number, message: string, retryAfter?: number) => void,
  ): void {
    const retryAfter = this.admission.isOpen ? 1 : RESTART_RETRY_AFTER_S;
    if (reason === 'queue') {
      refuse('queue', 503, `queue full: ${this.limits.queueSize} requests waiting`, retryAfter);
    } else {
      const wait = formatDuration(this.limits.queueTimeoutMs);
      refuse('queue-timeout', 503, `waited ${wait} in the queue`, retryAfter);
    }
  }

  /**
   * A request ran past the timeout: answer 504 (or, when the head was already passed on,
   * cut the response off) and have the stuck server restarted.
   */
  private abandon(res: ServerResponse, cut: boolean): void {
    const limit = formatDuration(this.limits.requestTimeoutMs);
    const what = cut ? 'the answer stalled, not complete' : 'no answer from the server';
    const message = `request timeout: ${what} within ${limit}; restarting it`;
    // Close the gate before the slot is freed: the next request must not reach a server
    // that is stuck behind its lock.
    this.admission.pause();
    this.events.rejected('timeout', message);
    sendError(res, 504, message);
    this.events.runaway(message);
  }
}

function rateLimiterFor(limits: GuardLimits): RateLimiter | undefined {
  return limits.ratePerSecond === undefined ? undefined : new RateLimiter(limits.ratePerSecond);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
