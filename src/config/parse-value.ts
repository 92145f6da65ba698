// Turns one raw value (a flag's string, a file's string/number/boolean, an environment
// string) into the typed value its setting wants, or an InputError naming the source.
import { constants } from 'node:os';
import { badValue, type Source } from './input-error.ts';
import type { SettingSpec, Value } from './registry.ts';
import {
  COUNT_FORM,
  DURATION_FORM,
  inRange,
  parseCount,
  parseDuration,
  parseSize,
  SIZE_FORM,
} from './units.ts';

const SIGNAL_FORM = 'a signal name or number like TERM, SIGINT or 9';
const BOOLEAN_FORM = 'true or false';
const PERCENT_FORM = 'a percentage from 1 to 100 like 80%';
const PATH_FORM = 'a non-empty path';
const COMMAND_FORM = 'a non-empty shell command';
const CORES_FORM = 'a number of cores above 0 like 0.5, 2 or 1.5';
const NAME_FORM = 'a user or group name or number, without spaces';
const LIST_FORM = 'a string or a list of strings';
const NAMES_FORM = 'a comma-separated list of names like rlimit,watchdog';
const WHOLE_FORM = 'a whole number ≥ 0';
const ADDRESS_FORM = 'HOST:PORT like 127.0.0.1:8080, [::1]:8080, or a PORT alone (loopback)';
const URL_FORM = 'an http URL like http://127.0.0.1:5002';
const RATE_FORM = 'a rate like 5/s, 120/m or 2 (per second)';

/** Parses `raw` for `spec`, or throws an InputError that names `source` and the key. */
export function parseValue(spec: SettingSpec, raw: unknown, source: Source): Value {
  const parsed = parseRaw(spec, raw);
  if (parsed !== undefined) return parsed;
  const form = spec.kind === 'choice' ? `one of ${spec.choices?.join(', ')}` : FORMS[spec.kind];
  throw badValue(source, spec.key, raw, form);
}

const FORMS: Record<SettingSpec['kind'], string> = {
  size: SIZE_FORM,
  duration: DURATION_FORM,
  count: COUNT_FORM,
  signal: SIGNAL_FORM,
  boolean: BOOLEAN_FORM,
  path: PATH_FORM,
  percent: PERCENT_FORM,
  cores: CORES_FORM,
  name: NAME_FORM,
  list: LIST_FORM,
  names: NAMES_FORM,
  command: COMMAND_FORM,
  whole: WHOLE_FORM,
  address: ADDRESS_FORM,
  url: URL_FORM,
  choice: '',
  rate: RATE_FORM,
};

function parseRaw(spec: SettingSpec, raw: unknown): Value | undefined {
  switch (spec.kind) {
    case 'size':
      if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw > 0 ? raw : undefined;
      return typeof raw === 'string' ? parseSize(raw) : undefined;
    case 'duration':
      if (typeof raw === 'number') return inRange(raw * 1000);
      return typeof raw === 'string' ? parseDuration(raw) : undefined;
    case 'count':
      if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 1 ? raw : undefined;
      return typeof raw === 'string' ? parseCount(raw) : undefined;
    case 'signal':
      return parseSignal(raw);
    case 'boolean':
      return parseBoolean(raw);
    case 'path':
      return typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
    case 'percent':
      return parsePercent(raw);
    case 'cores':
      return parseCores(raw);
    case 'name':
      return typeof raw === 'string' && /^[^\s:]+$/.test(raw) ? raw : undefined;
    case 'list':
      return parseList(raw);
    case 'names':
      return parseNames(raw);
    case 'command':
      return typeof raw === 'string' && raw.trim() !== '' ? raw : undefined;
    case 'whole':
      if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? raw : undefined;
      return typeof raw === 'string' ? parseCount(raw, 0) : undefined;
    case 'address':
      return parseAddress(typeof raw === 'number' ? String(raw) : raw);
    case 'url':
      return parseHttpUrl(raw);
    case 'choice':
      return typeof raw === 'string' && spec.choices?.includes(raw) ? raw : undefined;
    case 'rate':
      return parseRate(typeof raw === 'number' ? String(raw) : raw);
  }
}

/** `HOST:PORT`, `[v6]:PORT`, `:PORT` or `PORT` (loopback), normalised to `host:port`. */
export function parseAddress(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = /^(?:(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]*):)?(\d{1,5})$/.exec(raw.trim());
  if (!match) return undefined;
  const port = Number(match[2]);
  if (port > 65535) return undefined;
  return `${match[1] || '127.0.0.1'}:${port}`;
}

function parseHttpUrl(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const url = new URL(raw);
    return url.protocol === 'http:' && url.hostname ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const RATE_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** A rate in requests per second, from `5/s`, `120/m`, `2`. */
function parseRate(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*([smh]))?\s*$/.exec(raw);
  if (!match) return undefined;
  const perSecond = Number(match[1]) / RATE_UNITS[match[2] ?? 's']!;
  return perSecond > 0 ? perSecond : undefined;
}

function parseCores(raw: unknown): number | undefined {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string' || !/^\s*\d*\.?\d+\s*$/.test(text)) return undefined;
  const value = Number(text);
  return value > 0 && value <= 4096 ? value : undefined;
}

function parseList(raw: unknown): string[] | undefined {
  if (typeof raw === 'string') return raw === '' ? undefined : [raw];
  if (!Array.isArray(raw) || !raw.every((item) => typeof item === 'string' && item !== '')) {
    return undefined;
  }
  return raw as string[];
}

function parseNames(raw: unknown): string[] | undefined {
  const items = typeof raw === 'string' ? raw.split(',').map((item) => item.trim()) : raw;
  const list = parseList(items);
  return list?.every((item) => /^[a-z0-9-]+$/.test(item)) ? list : undefined;
}

/** Canonical name (`SIGTERM`) of a signal given as `TERM`, `sigterm`, `SIGTERM` or `15`. */
export function parseSignal(raw: unknown): string | undefined {
  const signals = constants.signals as Record<string, number>;
  if (typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw.trim()))) {
    const number = Number(raw);
    return Object.keys(signals).find((name) => signals[name] === number);
  }
  if (typeof raw !== 'string') return undefined;
  const upper = raw.trim().toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return name in signals ? name : undefined;
}

function parseBoolean(raw: unknown): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  if (typeof raw !== 'string') return undefined;
  const lower = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
  if (['0', 'false', 'no', 'off'].includes(lower)) return false;
  return undefined;
}

function parsePercent(raw: unknown): number | undefined {
  const text = typeof raw === 'number' ? String(raw) : raw;
  if (typeof text !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  const value = match ? Number(match[1]) : Number.NaN;
  return value >= 1 && value <= 100 ? value : undefined;
}
