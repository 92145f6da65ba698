// The environment an alert command sees: every detail of the crossing in TTSGUARD_ALERT_*
// variables, never in the command string, so no value can be taken for shell syntax.
import type { NearLimit } from '../limits/watchdog.ts';
import { describeCommand, LIMIT_LABELS } from '../report/describe.ts';

/** What the alert is about, besides the crossing itself. */
export interface AlertContext {
  pid: number | null;
  command: string[];
  recordPath?: string;
}

const UNITS: Record<string, string> = { memory: 'bytes', cpuTime: 'ms', timeout: 'ms' };

/** The TTSGUARD_ALERT_* variables for one crossing. */
export function alertEnvironment(near: NearLimit, context: AlertContext): Record<string, string> {
  const env: Record<string, string> = {
    TTSGUARD_ALERT_LIMIT: LIMIT_LABELS[near.limit] ?? near.limit,
    TTSGUARD_ALERT_VALUE: String(Math.round(near.value)),
    TTSGUARD_ALERT_CEILING: String(Math.round(near.ceiling)),
    TTSGUARD_ALERT_UNIT: UNITS[near.limit] ?? '',
    TTSGUARD_ALERT_PERCENT: near.percent.toFixed(1),
    TTSGUARD_ALERT_PID: context.pid === null ? '' : String(context.pid),
    TTSGUARD_ALERT_COMMAND: describeCommand(context.command),
    TTSGUARD_ALERT_MESSAGE: near.message,
  };
  if (context.recordPath) env.TTSGUARD_ALERT_RECORD = context.recordPath;
  return env;
}
