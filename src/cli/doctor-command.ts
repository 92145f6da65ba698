// `ttsguard doctor`: what this host can enforce, and what `run` would choose for the limits
// given on its command line. Exits 125 when such a run would be refused.
import { type ResolveInput, resolveSettings } from '../config/resolve.ts';
import { diagnose } from '../limits/diagnose.ts';
import { EXIT } from '../supervise/outcome.ts';

/** Prints the diagnosis to stdout (as text or JSON); returns the exit code. */
export async function doctorCommand(
  typed: Pick<ResolveInput, 'flags' | 'configPath' | 'profile'>,
  json: boolean,
): Promise<number> {
  const { settings } = await resolveSettings({ cwd: process.cwd(), env: process.env, ...typed });
  const diagnosis = diagnose(settings, settings);
  const code = diagnosis.refused ? EXIT.usage : 0;
  if (json) {
    process.stdout.write(`${JSON.stringify(diagnosis, null, 2)}\n`);
    return code;
  }
  const width = Math.max(...diagnosis.mechanisms.map((m) => m.name.length));
  const lines = ['mechanisms on this host:'];
  for (const mechanism of diagnosis.mechanisms) {
    const state = mechanism.works ? 'works' : 'no   ';
    const holds = mechanism.limits.length ? `; holds ${mechanism.limits.join(' ')}` : '';
    lines.push(`  ${mechanism.name.padEnd(width)}  ${state}  ${mechanism.reason}${holds}`);
  }
  lines.push(settings.strict ? 'a run with these limits (--strict):' : 'a run with these limits:');
  if (diagnosis.refused) lines.push(`  refused: ${diagnosis.refused}`);
  for (const [flag, mechanism] of Object.entries(diagnosis.choice)) {
    lines.push(`  ${flag.padEnd(16)} ${mechanism}`);
  }
  for (const warning of diagnosis.warnings) lines.push(`  warning: ${warning}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return code;
}
