// Benchmarks of the guard proxy of `ttsguard serve` (issue 4), each beside calling the fake
// tts-server directly in the same run: added latency, throughput on a fast endpoint, and
// ttsguard's own memory while 500 client connections sit idle.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { BENCH_ENV, percentile, ROOT, round, TTSGUARD } from './measure.ts';
import type { BenchResult } from './result.ts';

const FAKE_SERVER = join(ROOT, 'fixtures', 'bin', 'tts-server');
const LATENCY_ROUNDS = 300;
const THROUGHPUT_MS = 3000;
const THROUGHPUT_CLIENTS = 8;
const IDLE_CONNECTIONS = 500;

/** Times one GET on a fresh connection; rejects unless the status is 200. */
function timedGet(url: string): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`${url}: HTTP ${response.statusCode}`)),
        );
      })
      .on('error', reject);
  });
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts serve with the guard in front of the fixture; resolves once it is ready. */
async function startGuard() {
  const port = await freePort();
  const child = spawn(
    TTSGUARD,
    ['serve', '--listen', '0', '--queue', '64', '--', FAKE_SERVER, '--port', String(port)].concat([
      '--fake-max-lifetime',
      '120',
      '--fake-ms-per-char',
      '0',
      '--fake-start-delay',
      '0',
    ]),
    { env: BENCH_ENV, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const guard = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /guard listening on (http:\/\/\S+),/.exec(stderr)?.[1];
      if (!url || !/ready: /.test(stderr)) return;
      // From here on the server's per-request log lines are only drained, not kept.
      child.stderr!.off('data', onData);
      child.stderr!.resume();
      resolve(url);
    };
    child.stderr!.on('data', onData);
    child.once('exit', () => reject(new Error(`serve ended:\n${stderr}`)));
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      child.once('close', () => resolve());
      child.kill('SIGTERM');
    });
  return { direct: `http://127.0.0.1:${port}`, guard, pid: child.pid!, stop };
}

/**
 * The floor any proxy on node:http pays: a bare one (no queue, no checks) in this process,
 * in front of the same server, so the guard's own share of the added latency shows.
 */
async function startBareProxy(direct: string): Promise<{ url: string; close(): void }> {
  const { hostname, port } = new URL(direct);
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      { host: hostname, port, method: req.method, path: req.url, headers: req.rawHeaders },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port: bound } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${bound}`, close: () => server.close() };
}

async function latency(direct: string, guard: string, bare: string): Promise<BenchResult[]> {
  const times: Record<'direct' | 'guard' | 'bare', number[]> = { direct: [], guard: [], bare: [] };
  for (let i = 0; i < 20; i++) await timedGet(`${guard}/api/tts?text=warm`);
  // Interleaved, so that any load on the machine hits all alike.
  for (let i = 0; i < LATENCY_ROUNDS; i++) {
    times.direct.push(await timedGet(`${direct}/api/tts?text=hello`));
    times.guard.push(await timedGet(`${guard}/api/tts?text=hello`));
    times.bare.push(await timedGet(`${bare}/api/tts?text=hello`));
  }
  const bare50 = percentile(times.bare, 50) - percentile(times.direct, 50);
  const p = (list: number[], at: number) => percentile(list, at);
  const added50 = p(times.guard, 50) - p(times.direct, 50);
  const added99 = p(times.guard, 99) - p(times.direct, 99);
  return [
    {
      name: `added latency p50, GET /api/tts (${LATENCY_ROUNDS} requests)`,
      value: round(added50, 2),
      unit: 'ms',
      anchor: { name: 'direct p50', value: round(p(times.direct, 50), 2) },
      goal: '≤ 1 ms',
      met: added50 <= 1,
    },
    {
      name: `added latency p99, GET /api/tts (${LATENCY_ROUNDS} requests)`,
      value: round(added99, 2),
      unit: 'ms',
      anchor: { name: 'direct p99', value: round(p(times.direct, 99), 2) },
      goal: 'reported',
      met: true,
    },
    {
      name: 'added latency p50 of a bare node:http proxy (the floor)',
      value: round(bare50, 2),
      unit: 'ms',
      anchor: { name: 'direct p50', value: round(p(times.direct, 50), 2) },
      goal: 'reported, for comparison with the guard',
      met: true,
    },
  ];
}

/** Requests per second that `clients` sequential clients get from `url` in `ms`. */
async function throughput(url: string, clients: number, ms: number): Promise<number> {
  const until = performance.now() + ms;
  let done = 0;
  const client = async () => {
    while (performance.now() < until) {
      await timedGet(url);
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, client));
  return (done * 1000) / (performance.now() - started);
}

async function fastEndpoint(direct: string, guard: string, bare: string): Promise<BenchResult[]> {
  await throughput(`${guard}/details`, THROUGHPUT_CLIENTS, 500);
  const rates = { direct: 0, guard: 0, bare: 0 };
  const urls = { direct, guard, bare };
  for (let round = 0; round < 2; round++) {
    for (const name of ['direct', 'guard', 'bare'] as const) {
      const url = `${urls[name]}/details`;
      rates[name] += await throughput(url, THROUGHPUT_CLIENTS, THROUGHPUT_MS / 2);
    }
  }
  const ratio = rates.guard / rates.direct;
  const bareRatio = rates.bare / rates.direct;
  const guardResult: BenchResult = {
    name: `throughput GET /details, ${THROUGHPUT_CLIENTS} clients`,
    value: round(rates.guard / 2),
    unit: 'req/s',
    anchor: { name: 'direct to tts-server', value: round(rates.direct / 2) },
    ratio: round(ratio, 2),
    goal: '≥ 0.9× direct',
    met: ratio >= 0.9,
  };
  const floor: BenchResult = {
    name: `throughput GET /details through a bare node:http proxy (the floor)`,
    value: round(rates.bare / 2),
    unit: 'req/s',
    anchor: { name: 'direct to tts-server', value: round(rates.direct / 2) },
    ratio: round(bareRatio, 2),
    goal: 'reported, for comparison with the guard',
    met: true,
  };
  return [guardResult, floor];
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function idleConnections(guard: string, pid: number): Promise<BenchResult> {
  const before = rssMiB(pid);
  const { hostname, port } = new URL(guard);
  const sockets = await Promise.all(
    Array.from(
      { length: IDLE_CONNECTIONS },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(Number(port), hostname, () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  await timedGet(`${guard}/details`);
  const during = rssMiB(pid);
  for (const socket of sockets) socket.destroy();
  return {
    name: `ttsguard RSS with ${IDLE_CONNECTIONS} idle client connections`,
    value: round(during),
    unit: 'MiB',
    anchor: { name: 'ttsguard RSS before', value: round(before) },
    ratio: round(during / before, 2),
    goal: '≤ 100 MB',
    met: during * 2 ** 20 <= 100e6,
  };
}

/** Runs the guard benchmarks against one serve and the fixture behind it. */
export default async function bench(): Promise<BenchResult[]> {
  const served = await startGuard();
  const bare = await startBareProxy(served.direct);
  try {
    return [
      ...(await latency(served.direct, served.guard, bare.url)),
      ...(await fastEndpoint(served.direct, served.guard, bare.url)),
      await idleConnections(served.guard, served.pid),
    ];
  } finally {
    bare.close();
    await served.stop();
  }
}
