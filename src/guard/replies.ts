// The guard's own answers, in the shape tts-server uses for its errors: a compact JSON
// object with an `error` field and a trailing newline, as Flask's jsonify writes it.
import type { ServerResponse } from 'node:http';

/** Why the guard answered a request itself instead of the server. */
export type Rejection =
  | 'text'
  | 'empty'
  | 'body'
  | 'queue'
  | 'queue-timeout'
  | 'rate'
  | 'timeout'
  | 'unavailable'
  | 'upstream';

/** Sends `{"error": message}` with `status`, plus `Retry-After` when given. */
export function sendError(
  res: ServerResponse,
  status: number,
  message: string,
  retryAfterSeconds?: number,
): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = `${JSON.stringify({ error: message })}\n`;
  const headers: Record<string, string | number> = {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  };
  if (retryAfterSeconds !== undefined) headers['Retry-After'] = retryAfterSeconds;
  res.writeHead(status, headers);
  res.end(body);
}

/** tts-server's own answer to blank text (the fork's message, word for word). */
export const EMPTY_TEXT_MESSAGE = 'Text parameter is required';
