// The one way ttsguard talks: typed levels to stderr, colour only on a terminal and never
// with NO_COLOR. The workload's stdout is never touched.
import { Chalk, type ChalkInstance } from 'chalk';

export type Level = 'error' | 'warn' | 'info' | 'debug';

const RANK: Record<Level, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** Writes ttsguard's own lines. */
export class Logger {
  readonly colour: ChalkInstance;
  private readonly max: number;

  constructor(
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean },
    verbosity: 'quiet' | 'normal' | 'verbose',
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.max =
      verbosity === 'quiet' ? RANK.error : verbosity === 'verbose' ? RANK.debug : RANK.info;
    this.colour = new Chalk({ level: useColour(stream, env) ? 1 : 0 });
  }

  /** Whether this stream is a terminal (for the live table). */
  get isTerminal(): boolean {
    return Boolean(this.stream.isTTY);
  }

  /** Whether lines of `level` are shown. */
  shows(level: Level): boolean {
    return RANK[level] <= this.max;
  }

  error(message: string): void {
    this.write('error', this.colour.red(message));
  }

  warn(message: string): void {
    this.write('warn', this.colour.yellow(`warning: ${message}`));
  }

  info(message: string): void {
    this.write('info', message);
  }

  debug(message: string): void {
    this.write('debug', this.colour.dim(message));
  }

  /** Writes raw text (a redrawn table) without the prefix. */
  raw(text: string): void {
    this.stream.write(text);
  }

  private write(level: Level, text: string): void {
    if (RANK[level] > this.max) return;
    this.stream.write(`ttsguard: ${text}\n`);
  }
}

/** Colour on a terminal, unless NO_COLOR is set (any non-empty value) or TERM is dumb. */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** The verbosity the settings ask for. */
export function verbosityOf(settings: { quiet: boolean; verbose: boolean }) {
  return settings.quiet ? 'quiet' : settings.verbose ? 'verbose' : 'normal';
}
