// What faces the network while serve runs: the guard proxy (--listen) and the metrics
// endpoint (--metrics). Both bind loopback unless an address says otherwise.
import type { AddressInfo } from 'node:net';
import { InputError } from '../config/input-error.ts';
import type { Settings } from '../config/registry.ts';
import type { Admission } from '../guard/admission.ts';
import { Guard } from '../guard/proxy.ts';
import { type MetricsServer, serveMetrics } from '../metrics/metrics-server.ts';
import type { ServeMetrics } from '../metrics/serve-metrics.ts';
import type { RecordEvent } from '../report/events.ts';
import type { Logger } from '../report/logger.ts';

/** The listening parts of serve. */
export interface Front {
  guard?: Guard;
  close(): Promise<void>;
}

/** Opens the guard and the metrics endpoint as the settings ask; InputError when a bind fails. */
export async function openFront(
  settings: Settings,
  admission: Admission,
  upstream: URL,
  metrics: ServeMetrics,
  logger: Logger,
  onRunaway: (message: string) => void,
  record: RecordEvent = () => {},
): Promise<Front> {
  let guard: Guard | undefined;
  let metricsServer: MetricsServer | undefined;
  if (settings.listen) {
    guard = new Guard(settings, admission, upstream, {
      answered: (endpoint, status, seconds) => {
        metrics.answered(endpoint, status, seconds);
        record('request', { endpoint, status, seconds });
      },
      rejected: (reason, message) => {
        metrics.rejected(reason);
        record('rejected', { reason, message });
        logger.debug(`guard: ${reason}: ${message}`);
      },
      runaway: onRunaway,
    });
    const [host, port] = splitAddress(settings.listen);
    const bound = await bind('--listen', settings.listen, () => guard!.listen(host, port));
    logger.info(`guard listening on ${urlOf(bound)}, server at ${upstream.origin}`);
  }
  if (settings.metrics) {
    const [host, port] = splitAddress(settings.metrics);
    metricsServer = await bind('--metrics', settings.metrics, () =>
      serveMetrics(metrics.registry, host, port),
    );
    logger.info(`metrics at ${urlOf(metricsServer.address)}/metrics`);
  }
  return {
    guard,
    close: async () => {
      await Promise.all([guard?.close(), metricsServer?.close()]);
    },
  };
}

/** `host:port` (host possibly `[v6]`) into the host to bind and the port. */
export function splitAddress(address: string): [string, number] {
  const colon = address.lastIndexOf(':');
  const host = address.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
  return [host, Number(address.slice(colon + 1))];
}

async function bind<T>(flag: string, address: string, listen: () => Promise<T>): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new InputError(`${flag}: cannot listen on ${address} (${code})`);
  }
}

function urlOf(address: AddressInfo | { address: AddressInfo }): string {
  const info = 'port' in address ? address : address.address;
  const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
  return `http://${host}:${info.port}`;
}
