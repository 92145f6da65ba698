// Picks the renderer of an engine.
import { renderDockerRun } from './docker-run.ts';
import type { Engine, ExportRequest, Rendered } from './export-types.ts';
import { renderK8sManifest } from './k8s-manifest.ts';
import { renderSystemdUnit } from './systemd-unit.ts';

const RENDERERS: Record<Engine, (request: ExportRequest) => Rendered> = {
  systemd: renderSystemdUnit,
  docker: renderDockerRun,
  k8s: renderK8sManifest,
};

/** The settings rendered for `engine`. */
export function renderExport(engine: Engine, request: ExportRequest): Rendered {
  return RENDERERS[engine](request);
}
