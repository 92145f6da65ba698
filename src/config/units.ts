// Parsing and formatting of the two units users type: sizes and durations.

const BINARY: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tib: 1024 ** 4,
};

const DECIMAL: Record<string, number> = {
  kb: 1000,
  mb: 1000 ** 2,
  gb: 1000 ** 3,
  tb: 1000 ** 4,
};

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** The accepted forms, quoted in error messages. */
export const SIZE_FORM = 'a size like 512M, 2G, 1.5GiB (base 1024), 800MB (base 1000) or bytes';
export const DURATION_FORM = 'a duration like 500ms, 90s, 1m30s, 2h, or seconds, up to 24d';

/** The longest duration a timer can wait for (2^31 - 1 ms, about 24.8 days). */
export const MAX_DURATION_MS = 2 ** 31 - 1;
export const COUNT_FORM = 'a whole number ≥ 1';

/** Parses a size such as `512M`, `1.5GiB`, `800MB` into bytes; undefined when malformed. */
export function parseSize(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!match) return undefined;
  const unit = match[2]!.toLowerCase();
  const factor = BINARY[unit] ?? DECIMAL[unit];
  if (factor === undefined) return undefined;
  const bytes = Math.round(Number(match[1]) * factor);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}

/** Parses a duration such as `500ms`, `1m30s`, `2.5` (seconds) into milliseconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return inRange(Number(trimmed) * 1000);
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/gy;
  let total = 0;
  let end = 0;
  for (let match = part.exec(trimmed); match; match = part.exec(trimmed)) {
    total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
    end = part.lastIndex;
  }
  return end === trimmed.length && end > 0 ? inRange(total) : undefined;
}

/** Parses a whole number of at least `min`. */
export function parseCount(text: string, min = 1): number | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min ? value : undefined;
}

/** A duration in range: Node's timers fire at once past 2^31 - 1 ms, so longer is refused. */
export function inRange(ms: number): number | undefined {
  const rounded = Math.round(ms);
  return Number.isFinite(rounded) && rounded > 0 && rounded <= MAX_DURATION_MS
    ? rounded
    : undefined;
}

/** Formats bytes the way systemd does: base 1024, one decimal where it matters. */
export function formatSize(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let index = 0;
  while (value >= 1024 && index < units.length - 1) {
    value /= 1024;
    index += 1;
  }
  const digits = index === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits).replace(/\.0$/, '')}${units[index]}`;
}

/** Formats milliseconds compactly: `850ms`, `12.3s`, `4m05s`, `2h10m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1).replace(/\.?0+$/, '')}s`;
  const totalSeconds = Math.round(ms / 1000);
  if (totalSeconds < 3600) {
    return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  }
  const minutes = Math.floor(totalSeconds / 60);
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
