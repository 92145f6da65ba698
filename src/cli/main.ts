// ttsguard's command line: it parses flags with commander, hands plain values to the
// commands, and is the only place that exits the process.
import { Command, CommanderError } from 'commander';
import { reportFailure } from './fail.ts';
// run is the hot path (CI wraps many short runs): loaded with the entry, not as a chunk.
import { runCommand } from './run-command.ts';
import { addSettingOptions, typedFlags } from './setting-options.ts';

const VERSION = '0.1.0';

/** The subcommand argv asks for (`help run` asks for run), if any. */
function wantedCommand(argv: string[]): string | undefined {
  const words = argv.slice(2).filter((word) => !word.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

function buildProgram(setExit: (code: number) => void, wanted: string | undefined): Command {
  // Commander builds an object per flag: only the command being run needs its sixty.
  const withSettings = (name: string, command: Command, withServe = false) =>
    name === wanted ? addSettingOptions(command, withServe) : command;
  const program = new Command('ttsguard')
    .description('Supervise TTS workloads under enforced memory, CPU and time limits')
    .version(VERSION, '-V, --version')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      outputError: (text, write) => write(`ttsguard: ${oneLine(text)}\n`),
    });

  const run = program
    .command('run')
    .description('run a command under limits, and report how it ended')
    .usage('[options] -- <command> [args...]')
    .argument('<command...>', 'the command and its arguments, passed on as given')
    .passThroughOptions()
    .exitOverride();
  withSettings('run', run).action(async (command: string[], _options, self: Command) => {
    setExit(await runCommand(command, typedFlags(self)));
  });

  const serve = program
    .command('serve')
    .description('keep a server running under limits, behind an optional guard proxy')
    .usage('[options] -- <command> [args...]')
    .argument('<command...>', 'the server command and its arguments, passed on as given')
    .passThroughOptions()
    .exitOverride();
  withSettings('serve', serve, true).action(async (command: string[], _options, self: Command) => {
    const { serveCommand } = await import('./serve-command.ts');
    setExit(await serveCommand(command, typedFlags(self)));
  });

  const exporter = program
    .command('export')
    .description('render the limits as a systemd unit, docker run flags or a Kubernetes manifest')
    .usage('<systemd|docker|k8s> [options] -- <command> [args...]')
    .argument('<engine>', 'systemd, docker or k8s')
    .argument('[rest...]')
    .enablePositionalOptions()
    .passThroughOptions()
    .exitOverride()
    // Reached only when no engine's subcommand matched: say which engines there are.
    .action(async (engine: string) => {
      const { exportCommand } = await import('./export-command.ts');
      setExit(await exportCommand(engine, [], {}, { flags: {} }));
    });
  for (const engine of ['systemd', 'docker', 'k8s']) {
    const sub = exporter
      .command(engine)
      .description(`render the limits for ${engine}`)
      .usage('[options] -- <command> [args...]')
      .argument('<command...>', 'the command and its arguments, as the engine should start them')
      .option('--format <FORMAT>', 'k8s: yaml (default) or json')
      .option('--wrap', 'run the command under ttsguard serve (guard proxy, metrics)')
      .option('--name <NAME>', 'unit, container or object name (default: the program name)')
      .option('--image <IMAGE>', 'docker and k8s: the container image')
      .option('--service', 'a long-running service (default for tts-server or serve settings)')
      .option('--oneshot', 'a run to completion (default otherwise)')
      .passThroughOptions()
      .exitOverride();
    withSettings('export', sub, true).action(async (command: string[], options, self: Command) => {
      const { exportCommand } = await import('./export-command.ts');
      setExit(await exportCommand(engine, command, options, typedFlags(self)));
    });
  }

  const config = program
    .command('config')
    .description('print the effective settings and where each came from')
    .option('--json', 'print them as JSON')
    .exitOverride();
  withSettings('config', config, true).action(
    async (options: { json?: boolean }, self: Command) => {
      const { configCommand } = await import('./config-command.ts');
      setExit(await configCommand(typedFlags(self), Boolean(options.json)));
    },
  );

  const doctor = program
    .command('doctor')
    .description('what this host can enforce, and what run would choose for the given limits')
    .option('--json', 'print it as JSON')
    .exitOverride();
  withSettings('doctor', doctor).action(async (options: { json?: boolean }, self: Command) => {
    const { doctorCommand } = await import('./doctor-command.ts');
    setExit(await doctorCommand(typedFlags(self), Boolean(options.json)));
  });

  program
    .command('demo')
    .description('a 30-second tour on the bundled fake tts: a clean run, a runaway, a memory hog')
    .exitOverride()
    .action(async () => {
      const { demoCommand } = await import('./demo-command.ts');
      setExit(await demoCommand());
    });

  program
    .command('report')
    .description('summarise records: peaks, percentiles, closeness to limits, charts')
    .argument('<files...>', 'record files, or folders of them')
    .option('--html <FILE>', 'also write a self-contained HTML page with charts')
    .option('--json', 'print the figures as JSON')
    .exitOverride()
    .action(async (files: string[], options: { html?: string; json?: boolean }) => {
      const { reportCommand } = await import('./report-command.ts');
      setExit(await reportCommand(files, options));
    });

  program
    .command('suggest')
    .description('suggest memory, timeout and cpu-time limits from records')
    .argument('<files...>', 'record files, or folders of them')
    .option('--json', 'print the suggestions as JSON')
    .option('--write', "set them in the config file (keeping the file's other content)")
    .option('--config <FILE>', 'the config file --write changes (default: the one found)')
    .exitOverride()
    .action(
      async (files: string[], options: { json?: boolean; write?: boolean; config?: string }) => {
        const { suggestCommand } = await import('./suggest-command.ts');
        setExit(await suggestCommand(files, options));
      },
    );
  return program;
}

function oneLine(text: string): string {
  return text
    .trim()
    .replace(/^error: /, '')
    .split('\n')[0]!;
}

async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((value) => {
    code = value;
  }, wantedCommand(argv));
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      const ok = error.code === 'commander.helpDisplayed' || error.code === 'commander.version';
      return ok || error.exitCode === 0 ? 0 : 125;
    }
    return reportFailure(error, process.stderr);
  }
  return code;
}

// A reader that went away (`| head`) is no failure: query commands stop there; run and serve
// keep supervising, and the workload meets the closed pipe itself.
const streaming = new Set(['run', 'serve']);
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (!streaming.has(wantedCommand(process.argv) ?? '')) process.exit(0);
  });
}

process.exitCode = await main(process.argv);
