// The plain values an export works on: what to render, for which engine, and what came out.
import type { SettingKey, Settings } from '../config/registry.ts';

/** The engines ttsguard renders settings for. */
export const ENGINES = ['systemd', 'docker', 'k8s'] as const;

/** One engine: a systemd unit, `docker run` flags, or a Kubernetes manifest. */
export type Engine = (typeof ENGINES)[number];

/** How the workload lives: runs once to the end, or serves until stopped (maybe wrapped). */
export type Shape = 'oneshot' | 'server' | 'wrapped';

/** Everything a renderer needs, already resolved and checked. */
export interface ExportRequest {
  settings: Settings;
  /** The settings whose value came from a file, profile, environment or flag. */
  setKeys: ReadonlySet<SettingKey>;
  command: string[];
  shape: Shape;
  /** The unit, container or workload name. */
  name: string;
  /** The container image (docker and k8s). */
  image: string;
  /** k8s only: the manifest's syntax. */
  format: 'yaml' | 'json';
  /** How the wrapped command calls ttsguard: an absolute path for systemd, a name elsewhere. */
  ttsguardPath: string;
  /** Where relative paths in the command and settings are taken from. */
  cwd: string;
  /** The exporting process's PATH, to give ExecStart an absolute program path. */
  path: string;
}

/** A limit the engine cannot hold (fully), said on stderr. */
export interface Note {
  /** The flag of the limit, like `--cpu-time`. */
  flag: string;
  /** Whether the engine holds part of it. */
  partly: boolean;
  why: string;
}

/** A renderer's result: the text for stdout, every limit it could not express, and other
 * things the user must fix before the output works (one line each). */
export interface Rendered {
  text: string;
  notes: Note[];
  warnings: string[];
}
