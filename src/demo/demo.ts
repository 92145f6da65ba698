// The tour on the embedded default: three runs of the bundled fake `tts` that show what
// ttsguard is for, then a table of how each one ended.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import type { Settings } from '../config/registry.ts';
import { defaultSettings } from '../config/resolve.ts';
import { formatDuration, formatSize } from '../config/units.ts';
import { lineReporter } from '../report/line-reporter.ts';
import { liveTable } from '../report/live-table.ts';
import { Logger } from '../report/logger.ts';
import type { Outcome, Reason } from '../supervise/outcome.ts';
import { superviseRun } from '../supervise/supervise-run.ts';
import { fixturePath } from './package-root.ts';

interface Step {
  title: string;
  expected: Reason;
  args: string[];
  settings: Partial<Settings>;
}

function steps(dir: string): Step[] {
  const wav = join(dir, 'demo.wav');
  return [
    {
      title: 'clean synthesis',
      expected: 'exit',
      args: [
        '--text',
        'Hello from ttsguard, the supervisor that keeps TTS in bounds.',
        '--out_path',
        wav,
        // Long enough for the live table to be watched.
        '--fake-seconds',
        '2',
      ],
      settings: { timeoutMs: 20_000, memoryBytes: 512 * 2 ** 20, expectWav: wav, intervalMs: 200 },
    },
    {
      title: 'runaway decoder',
      expected: 'timeout',
      args: ['--text', '10. 9. 8. 7. 6. 5. 4. 3. 2. 1.', '--out_path', join(dir, 'runaway.wav')],
      settings: { timeoutMs: 3000, killAfterMs: 2000, intervalMs: 200 },
    },
    {
      title: 'memory hog',
      expected: 'memory',
      args: [
        '--text',
        'hog',
        '--fake-ramp-mb-per-s',
        '300',
        '--fake-ramp-to-mb',
        '2000',
        '--out_path',
        join(dir, 'hog.wav'),
      ],
      settings: { timeoutMs: 20_000, memoryBytes: 256 * 2 ** 20, intervalMs: 100 },
    },
  ];
}

/** Runs the tour; returns 0 when every step ended as it should. */
export async function runDemo(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ttsguard-demo-'));
  const logger = new Logger(process.stderr, 'normal');
  const results: Array<{ step: Step; outcome: Outcome }> = [];
  try {
    for (const step of steps(dir)) {
      logger.info(logger.colour.bold(`— ${step.title}: ${step.args.slice(0, 2).join(' ')}`));
      const settings = defaultSettings(step.settings);
      const observe = logger.isTerminal
        ? liveTable(logger, process.stderr, settings.warnAtPercent)
        : lineReporter(logger);
      const outcome = await superviseRun({
        command: [fixturePath('tts'), ...step.args],
        settings,
        cwd: dir,
        env: { ...process.env, PYTHONUNBUFFERED: '1' },
        stdout: process.stderr,
        stderr: process.stderr,
        stdin: 'ignore',
        observe,
        forwardSignals: false,
      });
      observe({ type: 'end', outcome });
      results.push({ step, outcome });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${renderResults(results, logger)}\n`);
  return results.every(({ step, outcome }) => step.expected === outcome.reason) ? 0 : 1;
}

function renderResults(results: Array<{ step: Step; outcome: Outcome }>, logger: Logger): string {
  const c = logger.colour;
  const table = new Table({
    head: ['step', 'expected', 'reason', 'exit', 'wall', 'peak RSS', 'what happened'].map((h) =>
      c.bold(h),
    ),
    style: { head: [], border: [] },
    colWidths: [null, null, null, null, null, null, 60] as unknown as number[],
    wordWrap: true,
  });
  for (const { step, outcome } of results) {
    const ok = step.expected === outcome.reason;
    table.push([
      step.title,
      step.expected,
      ok ? c.green(outcome.reason) : c.red(outcome.reason),
      outcome.exitCode,
      formatDuration(outcome.wallMs),
      formatSize(outcome.peakRssBytes),
      outcome.message,
    ]);
  }
  return table.toString();
}
