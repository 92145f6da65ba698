// tts-server's endpoints, and where each one carries the text to synthesize: the guard
// needs the text to bound it before the request reaches the server's global lock.

/** One endpoint of tts-server as the guard sees it. */
export interface Endpoint {
  path: string;
  /** Whether it synthesizes (takes the server's lock), and so goes through the queue. */
  synthesizes: boolean;
}

const PATHS: Record<string, boolean> = {
  '/api/tts': true,
  '/process': true,
  '/v1/audio/speech': true,
  '/': false,
  '/details': false,
  '/locales': false,
  '/voices': false,
};

/** The endpoint at `path`, or undefined for a path tts-server does not serve. */
export function endpointOf(path: string): Endpoint | undefined {
  const synthesizes = PATHS[path];
  return synthesizes === undefined ? undefined : { path, synthesizes };
}

/** The parts of a request the text can be in. */
export interface RequestParts {
  method: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * The text a synthesis request asks for, read where tts-server reads it; undefined when
 * the guard cannot tell (a malformed JSON body, which the server answers itself).
 */
export function extractText(path: string, parts: RequestParts): string | undefined {
  switch (path) {
    case '/api/tts':
      // The server takes the `text` header first, then the query string, then the form.
      return (
        nonEmpty(header(parts, 'text')) ??
        parts.query.get('text') ??
        (isForm(parts) ? formOf(parts).get('text') : null) ??
        ''
      );
    case '/process':
      return (parts.method === 'POST' ? formOf(parts) : parts.query).get('INPUT_TEXT') ?? '';
    case '/v1/audio/speech':
      return jsonInput(parts.body);
    default:
      return undefined;
  }
}

/** The number of characters as a person counts them (code points, not UTF-16 units). */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

function header(parts: RequestParts, name: string): string | undefined {
  const value = parts.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value ? value : undefined;
}

function isForm(parts: RequestParts): boolean {
  return String(parts.headers['content-type'] ?? '').startsWith(
    'application/x-www-form-urlencoded',
  );
}

function formOf(parts: RequestParts): URLSearchParams {
  return new URLSearchParams(parts.body.toString('utf8'));
}

function jsonInput(body: Buffer): string | undefined {
  try {
    const payload: unknown = JSON.parse(body.toString('utf8'));
    if (typeof payload !== 'object' || payload === null) return undefined;
    const input = (payload as { input?: unknown }).input;
    return typeof input === 'string' ? input : '';
  } catch {
    return undefined;
  }
}
