// Reads coqui's output lines as they pass through (never altering them) and keeps what the
// outcome wants: processing time, real-time factor, output path, and failure shapes.

/** What was learned from the workload's output. */
export interface TtsFacts {
  processingTimeS?: number;
  realTimeFactor?: number;
  outputPath?: string;
  licencePrompt?: boolean;
  eofError?: boolean;
  decoderLimit?: string;
}

const MAX_LINE = 4096;

const PATTERNS: Array<[RegExp, (facts: TtsFacts, match: RegExpExecArray) => void]> = [
  [/^\s*(?:> )?Processing time: ([\d.]+)/, (f, m) => (f.processingTimeS = Number(m[1]))],
  [/^\s*(?:> )?Real-time factor: ([\d.]+)/, (f, m) => (f.realTimeFactor = Number(m[1]))],
  [
    /^\s*(?:> )?(?:Saved TTS output to|Saving output to) (.+?)\s*$/,
    (f, m) => (f.outputPath = m[1]),
  ],
  [/You must confirm the following/, (f) => (f.licencePrompt = true)],
  [/^EOFError/, (f) => (f.eofError = true)],
  [/Decoder stopped with max_decoder_steps ?(\d*)/, (f, m) => (f.decoderLimit = m[1] || '?')],
];

/** Scans one output stream line by line; gives up on a stream that turns out binary. */
export class OutputScanner {
  private pending = '';
  private binary = false;

  constructor(private readonly facts: TtsFacts) {}

  /** Feeds a chunk exactly as the workload wrote it. */
  feed(chunk: Buffer): void {
    if (this.binary) return;
    if (chunk.includes(0)) {
      // --pipe_out puts WAV bytes on stdout; its log lines then go to stderr.
      this.binary = true;
      this.pending = '';
      return;
    }
    const text = this.pending + chunk.toString('utf8');
    const lines = text.split(/\r?\n|\r/);
    this.pending = (lines.pop() ?? '').slice(-MAX_LINE);
    for (const line of lines) this.scanLine(line);
  }

  /** Scans whatever is left once the stream ends. */
  end(): void {
    if (this.pending) this.scanLine(this.pending);
    this.pending = '';
  }

  private scanLine(line: string): void {
    if (line.length > MAX_LINE) return;
    for (const [pattern, take] of PATTERNS) {
      const match = pattern.exec(line);
      if (match) take(this.facts, match);
    }
  }
}
