// Sends one request to the server and streams its answer back unchanged: status line,
// raw headers in their order and case, and the body, with backpressure.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';

/**
 * How forwarding ended. 'refused': the server was not listening (it is restarting), so
 * nothing reached it and a retry is safe. 'reset': it closed the connection without a byte
 * of answer. 'timeout': the answer was not complete within the timeout; the upstream request
 * was dropped, and when the head had already been passed on (`cut`) so was the client's
 * response, since a 504 can no longer be sent. 'failed': the connection broke before the
 * answer; nothing was sent to the client yet.
 */
export type Forwarded =
  | { kind: 'done' }
  | { kind: 'refused' }
  | { kind: 'reset' }
  | { kind: 'timeout'; cut: boolean }
  | { kind: 'failed'; message: string };

/** One forwarding of a buffered request. */
export interface ForwardInput {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  upstream: URL;
  /** Bound on the whole exchange, head and body; none when undefined. */
  timeoutMs?: number;
  /** Whether a reset may be reported as 'reset' (to be retried) instead of 'failed'. */
  mayReset: boolean;
}

/** Forwards the request; resolves once the answer has been passed on, or how it failed. */
export function forward(input: ForwardInput): Promise<Forwarded> {
  const { req, res, upstream } = input;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Forwarded) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = http.request({
      host: upstream.hostname,
      port: upstream.port || 80,
      method: req.method,
      path: req.url,
      headers: req.rawHeaders,
      setHost: false,
    });
    const timer =
      input.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            // A server that sent its head and then stalls in the body holds its slot as
            // surely as one that never answers: the bound covers the whole exchange.
            const cut = res.headersSent;
            settle({ kind: 'timeout', cut });
            request.destroy();
            if (cut) res.destroy();
          }, input.timeoutMs);

    request.once('response', (answer) => {
      if (settled || res.destroyed) {
        answer.resume();
        settle({ kind: 'done' });
        return;
      }
      answer.once('close', () => {
        if (!answer.complete) res.destroy();
        settle({ kind: 'done' });
      });
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.pipe(res);
    });
    request.once('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      if (res.headersSent) {
        res.destroy();
        settle({ kind: 'done' });
      } else if (error.code === 'ECONNREFUSED') {
        settle({ kind: 'refused' });
      } else if (error.code === 'ECONNRESET' && input.mayReset) {
        settle({ kind: 'reset' });
      } else {
        settle({ kind: 'failed', message: `the server failed to answer: ${error.message}` });
      }
    });
    request.end(input.body);
  });
}
