// Tools for the serve, guard and metrics tests: start `ttsguard serve` in front of the fake
// tts-server on ports from the OS, talk to it over real HTTP, and read its metrics.
import http from 'node:http';
import net from 'node:net';
import { FAKE_SERVER, type Finished, type Running, start } from '../helpers.ts';

/** A running `ttsguard serve` and where to reach it. */
export interface Served {
  run: Running;
  /** The server's own URL (the fixture's --port). */
  upstream: string;
  /** The guard's URL, when --listen was given. */
  guard: string;
  /** The metrics URL (…/metrics), when --metrics was given. */
  metrics: string;
  /** SIGTERM, then the end of ttsguard. */
  stop(): Promise<Finished>;
}

/** A port the OS considers free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts serve with `flags` in front of the fixture with `serverArgs`; waits for ready. */
export async function startServe(
  flags: string[],
  serverArgs: string[] = [],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; command?: string[] } = {},
): Promise<Served> {
  const port = await freePort();
  const command = options.command ?? [
    FAKE_SERVER,
    '--port',
    String(port),
    '--fake-max-lifetime',
    '90',
    '--fake-start-delay',
    '0.1',
    ...serverArgs,
  ];
  const run = start(['serve', ...flags, '--', ...command], options);
  const served: Served = {
    run,
    upstream: `http://127.0.0.1:${port}`,
    guard: '',
    metrics: '',
    stop: () => {
      run.child.kill('SIGTERM');
      return run.done;
    },
  };
  if (options.command) return served;
  if (flags.includes('--listen')) {
    served.guard = (await run.waitFor(/guard listening on (http:\/\/\S+),/))[1]!;
  }
  if (flags.includes('--metrics')) {
    served.metrics = `${(await run.waitFor(/metrics at (http:\/\/\S+)/))[1]!}`;
  }
  await run.waitFor(/ready: /);
  return served;
}

/** Pids of every server lifetime serve started so far. */
export function serverPids(stderr: string): number[] {
  return [...stderr.matchAll(/started pid (\d+)/g)].map((m) => Number(m[1]));
}

/** One HTTP answer, headers as sent (rawHeaders) and parsed. */
export interface Answer {
  status: number;
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Options of one request. */
export interface Ask {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Destroys the request when aborted (a client that goes away). */
  signal?: AbortSignal;
}

/** Sends one request on a fresh connection and collects the whole answer. */
export function ask(url: string, options: Ask = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            rawHeaders: response.rawHeaders,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    options.signal?.addEventListener('abort', () => request.destroy(new Error('aborted')));
    request.end(options.body);
  });
}

/** One sample of the exposition text: name, labels and value. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The parsed exposition: samples and the declared TYPE of each metric family. */
export interface Exposition {
  samples: MetricSample[];
  types: Map<string, string>;
  helps: Map<string, string>;
}

/** Parses Prometheus text exposition format (version 0.0.4), strictly. */
export function parseExposition(text: string): Exposition {
  const exposition: Exposition = { samples: [], types: new Map(), helps: new Map() };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      (meta[1] === 'HELP' ? exposition.helps : exposition.types).set(meta[2]!, meta[3]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`not an exposition line: ${JSON.stringify(line)}`);
    const labels: Record<string, string> = {};
    const body = sample[2] ?? '';
    const pair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/gy;
    let end = 0;
    for (let m = pair.exec(body); m; m = pair.exec(body)) {
      labels[m[1]!] = m[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
      end = pair.lastIndex;
    }
    if (end !== body.length) throw new Error(`bad labels in ${JSON.stringify(line)}`);
    const value = sample[3] === '+Inf' ? Infinity : Number(sample[3]);
    if (Number.isNaN(value)) throw new Error(`bad value in ${JSON.stringify(line)}`);
    exposition.samples.push({ name: sample[1]!, labels, value });
  }
  return exposition;
}

/** The value of the sample `name` with exactly `labels`, or undefined. */
export function metricValue(
  exposition: Exposition,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return exposition.samples.find(
    (s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted,
  )?.value;
}

/** Scrapes the metrics URL and parses it. */
export async function scrape(url: string): Promise<Exposition> {
  const answer = await ask(url);
  if (answer.status !== 200) throw new Error(`metrics answered ${answer.status}`);
  return parseExposition(answer.body.toString());
}

/** Polls the metrics until `check` holds (a readiness wait, not a sleep); throws after `ms`. */
export async function waitForMetrics(
  url: string,
  check: (exposition: Exposition) => boolean,
  ms = 15_000,
): Promise<Exposition> {
  const deadline = Date.now() + ms;
  for (;;) {
    const exposition = await scrape(url);
    if (check(exposition)) return exposition;
    if (Date.now() > deadline) throw new Error('metrics never reached the expected state');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The raw headers as name/value pairs, without the named ones (Date differs per reply). */
export function headerPairs(raw: string[], without: string[] = ['date']): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!without.includes(raw[i]!.toLowerCase())) pairs.push(`${raw[i]}: ${raw[i + 1]}`);
  }
  return pairs;
}
