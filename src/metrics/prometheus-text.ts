// Prometheus's text exposition format, for the few gauges ttsguard writes. Hand-written:
// a one-shot file needs no registry, and this keeps prom-client out of `run`'s start-up.

/** One gauge with its samples. */
export interface Gauge {
  name: string;
  help: string;
  samples: Array<{ labels?: Record<string, string>; value: number }>;
}

/** The text of `gauges`, ending in a newline as node_exporter requires. */
export function formatGauges(gauges: Gauge[]): string {
  const lines: string[] = [];
  for (const gauge of gauges) {
    if (gauge.samples.length === 0) continue;
    lines.push(`# HELP ${gauge.name} ${gauge.help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`);
    lines.push(`# TYPE ${gauge.name} gauge`);
    for (const sample of gauge.samples) {
      lines.push(`${gauge.name}${formatLabels(sample.labels)} ${formatNumber(sample.value)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function formatLabels(labels: Record<string, string> | undefined): string {
  const entries = Object.entries(labels ?? {});
  if (entries.length === 0) return '';
  const parts = entries.map(([key, value]) => `${key}="${escapeLabel(value)}"`);
  return `{${parts.join(',')}}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  return String(value);
}
