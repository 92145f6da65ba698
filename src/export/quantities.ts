// Sizes and durations in each engine's own notation, exact where the engine allows it.

const STEPS = [
  ['T', 1024 ** 4],
  ['G', 1024 ** 3],
  ['M', 1024 ** 2],
  ['K', 1024],
] as const;

/** Bytes with the largest base-1024 suffix that divides them exactly: `2G`, `1536M`, `1000`. */
export function exactSize(bytes: number): string {
  const step = STEPS.find(([, factor]) => bytes % factor === 0);
  return step ? `${bytes / step[1]}${step[0]}` : String(bytes);
}

/** Bytes as a Kubernetes quantity: `2Gi`, `1536Mi`, or plain bytes. */
export function kubeSize(bytes: number): string {
  const step = STEPS.find(([, factor]) => bytes % factor === 0);
  return step ? `${bytes / step[1]}${step[0]}i` : String(bytes);
}

/** Cores as Kubernetes millicores: 1.5 → `1500m`. */
export function millicores(cores: number): string {
  return `${Math.max(1, Math.round(cores * 1000))}m`;
}

/** Milliseconds as a systemd or docker time span: `90s` when whole seconds, else `1500ms`. */
export function timeSpan(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** Milliseconds as whole seconds, rounded up, at least `min` (engines that count seconds). */
export function wholeSeconds(ms: number, min = 1): number {
  return Math.max(min, Math.ceil(ms / 1000));
}

/** Cores as a systemd CPUQuota= percentage: 1.5 → `150%`. */
export function cpuQuota(cores: number): string {
  return `${Math.max(1, Math.round(cores * 100))}%`;
}
