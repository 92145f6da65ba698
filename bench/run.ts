// `npm run bench`: runs every bench/*.bench.ts in one process, one after the other, and
// prints their figures beside the anchors as a Markdown table (also saved to bench/results/).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './measure.ts';
import type { BenchResult } from './result.ts';

const only = process.argv.slice(2);
const files = readdirSync(join(ROOT, 'bench'))
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

const rows: string[] = [
  '| benchmark | ttsguard | anchor | ratio | goal | met |',
  '|---|---|---|---|---|---|',
];
const all: Array<BenchResult & { file: string }> = [];
for (const file of files) {
  process.stderr.write(`bench: ${file}\n`);
  const module = (await import(join(ROOT, 'bench', file))) as {
    default: () => Promise<BenchResult[]>;
  };
  for (const result of await module.default()) {
    all.push({ ...result, file });
    const anchor = result.anchor
      ? `${result.anchor.value} ${result.unit} (${result.anchor.name})`
      : '';
    const ratio = result.ratio === undefined ? '' : `${result.ratio}×`;
    rows.push(
      `| ${result.name} | ${result.value} ${result.unit} | ${anchor} | ${ratio} ` +
        `| ${result.goal} | ${result.met ? 'yes' : 'no'} |`,
    );
    process.stderr.write(
      `  ${result.name}: ${result.value} ${result.unit}${result.met ? '' : '  (goal missed)'}\n`,
    );
  }
}
const model = cpus()[0]?.model ?? 'unknown';
const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
const host = `${cpus().length} cores (${model}), ${memory}, Node ${process.version}`;
const day = new Date().toISOString().slice(0, 10);
const table = `Measured ${day} on ${host}.\n\n${rows.join('\n')}\n`;
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(join(ROOT, 'bench', 'results', 'latest.json'), `${JSON.stringify(all, null, 2)}\n`);
writeFileSync(join(ROOT, 'bench', 'results', 'latest.md'), table);
process.stdout.write(table);
