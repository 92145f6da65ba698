// Bundles the CLI into dist/: one entry file plus lazily loaded chunks, so that a short
// `ttsguard run` does not pay for modules only other commands need.
import { rename, rm } from 'node:fs/promises';
import { build } from 'esbuild';

// Built beside dist/ and swapped in at the end, so a test running meanwhile never finds
// dist/ half written or missing for more than an instant.
const staging = `dist.${process.pid}`;

await build({
  entryPoints: { ttsguard: 'src/cli/main.ts' },
  outdir: staging,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: 'linked',
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  // cosmiconfig loads TypeScript only for .ts config files, which ttsguard does not read.
  external: ['typescript'],
  logLevel: 'warning',
});

await rm('dist', { recursive: true, force: true });
await rename(staging, 'dist');
