// Settings of records, alerts and the metrics textfile.
import type { SettingSpec } from './registry.ts';

export const RECORD_SPECS: readonly SettingSpec[] = [
  {
    key: 'record',
    field: 'recordPath',
    flag: '--record',
    kind: 'path',
    describe: 'append a JSON-lines record to FILE, or write a new timestamped one into a folder',
  },
  {
    key: 'onAlert',
    field: 'onAlert',
    flag: '--on-alert',
    kind: 'command',
    describe: 'run CMD through /bin/sh when a limit is neared (details in TTSGUARD_ALERT_*)',
  },
  {
    key: 'metricsTextfile',
    field: 'metricsTextfile',
    flag: '--metrics-textfile',
    kind: 'path',
    describe: "write Prometheus metrics to FILE (node_exporter's textfile collector)",
  },
  {
    key: 'metricsInterval',
    field: 'metricsIntervalMs',
    flag: '--metrics-interval',
    kind: 'duration',
    describe: 'how often --metrics-textfile is rewritten during a run',
    defaultValue: 15_000,
  },
];
