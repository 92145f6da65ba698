// Reads a request body into memory, up to a bound: the guard must see the text before
// it lets the request reach the server, and the body is kept to retry a refused connection.
import type { IncomingMessage } from 'node:http';

/** The whole body, or undefined once it grows past `maxBytes` (the rest is discarded). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.once('end', () => resolve(size <= maxBytes ? Buffer.concat(chunks) : undefined));
    req.once('error', () => resolve(undefined));
  });
}
