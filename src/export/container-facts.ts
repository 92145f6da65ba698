// What docker and Kubernetes share: the command the container runs, the ports it opens,
// and the probe of the server's health.
import { parseAddress } from '../config/parse-value.ts';
import { PROBE_PATH } from '../serve/probe.ts';
import type { ExportRequest } from './export-types.ts';
import { findGaps } from './gaps.ts';
import { serveCommandLine } from './serve-flags.ts';
import { serverPort } from './workload.ts';

/** One port the container listens on. */
export interface ContainerPort {
  name: string;
  port: number;
}

/** The container's command line, ports, health probe target and loopback warnings. */
export interface ContainerFacts {
  command: string[];
  ports: ContainerPort[];
  probe: { path: string; port: number };
  warnings: string[];
}

/** The facts of the request for `engine`; with --wrap, ttsguard serve is the command. */
export function containerFacts(request: ExportRequest, engine: 'docker' | 'k8s'): ContainerFacts {
  const { settings, shape } = request;
  const { carried } = findGaps(engine, request);
  const port = serverPort(request.command);
  const command =
    shape === 'wrapped'
      ? serveCommandLine(request.ttsguardPath, settings, carried, request.command)
      : request.command;
  const ports: ContainerPort[] = [];
  const warnings: string[] = [];
  if (shape === 'server') ports.push({ name: 'http', port });
  if (shape === 'wrapped') {
    const front = [
      { name: 'guard', flag: '--listen', address: settings.listen },
      { name: 'metrics', flag: '--metrics', address: settings.metrics },
    ];
    for (const { name, flag, address } of front) {
      if (!address) continue;
      const [host, portText] = splitAddress(address);
      ports.push({ name, port: Number(portText) });
      if (isLoopback(host)) {
        warnings.push(
          `export ${engine}: ${flag} ${address} listens on loopback inside the container; ` +
            `use 0.0.0.0:${portText} to reach it from outside`,
        );
      }
    }
    if (!settings.listen) ports.push({ name: 'http', port });
    warnings.push(
      `export ${engine}: --wrap runs ttsguard in the container: the image needs it on PATH`,
    );
  }
  return { command, ports, probe: { path: PROBE_PATH, port }, warnings };
}

function splitAddress(address: string): [string, string] {
  const normal = parseAddress(address) ?? address;
  const colon = normal.lastIndexOf(':');
  return [normal.slice(0, colon), normal.slice(colon + 1)];
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
