// The HTML report opened in headless Chromium (Debian's `chromium` package): it renders its
// charts from a file with no network, and no script error is possible or seen.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FAKE_TTS, run, tempDir } from '../helpers.ts';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

function chromium(...args: string[]) {
  return spawnSync(
    CHROMIUM!,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${tempDir('ttsguard-chromium-')}`,
      ...args,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
}

describe('html report', () => {
  test('a self-contained page whose charts render in Chromium', {
    skip: CHROMIUM ? false : 'chromium is not installed (apt-get install -y chromium)',
  }, async () => {
    const records = tempDir();
    for (const mb of ['40', '80']) {
      const done = await run([
        'run',
        '--record',
        records,
        '--memory',
        '300M',
        '--',
        FAKE_TTS,
        '--text',
        'hi',
        '--out_path',
        'out.wav',
        '--fake-hold-mb',
        mb,
        '--fake-seconds',
        '0.5',
      ]);
      assert.equal(done.code, 0, done.stderr);
    }
    const page = join(tempDir(), 'report.html');
    const done = await run(['report', '--html', page, records]);
    assert.equal(done.code, 0, done.stderr);
    const html = readFileSync(page, 'utf8');
    assert.doesNotMatch(html, /<script|<link|src=|@import|url\(/i, 'nothing loaded from outside');

    const dom = chromium('--dump-dom', pathToFileURL(page).href);
    assert.equal(dom.status, 0, dom.stderr);
    assert.equal((dom.stdout.match(/<svg class="chart"/g) ?? []).length, 3);
    assert.equal((dom.stdout.match(/<polyline class="series"/g) ?? []).length, 6);
    assert.equal((dom.stdout.match(/<line class="limit"/g) ?? []).length, 1, 'memory limit');
    assert.match(dom.stdout, /limit 300M/);
    assert.doesNotMatch(dom.stderr, /Uncaught|SyntaxError|TypeError/);

    const shot = join(tempDir(), 'report.png');
    const picture = chromium(
      '--window-size=1000,2000',
      `--screenshot=${shot}`,
      pathToFileURL(page).href,
    );
    assert.equal(picture.status, 0, picture.stderr);
    assert.ok(statSync(shot).size > 10_000, 'a screenshot with content');
  });
});
