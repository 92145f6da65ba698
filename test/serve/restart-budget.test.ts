// The restart budget on its own, with a clock the test moves: growth, cap, reset, window.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartBudget } from '../../src/serve/restart-budget.ts';

const SETTINGS = {
  restartDelayMs: 100,
  restartDelayMaxMs: 1000,
  stableAfterMs: 30_000,
  restartLimit: 5,
  restartWindowMs: 60_000,
};

test('delays double up to the cap and start again after a stable lifetime', () => {
  let now = 0;
  const budget = new RestartBudget(SETTINGS, () => now);
  const delays = [1, 2, 3, 4, 5].map(() => {
    now += 1000;
    return budget.next(500);
  });
  assert.deepEqual(delays, [100, 200, 400, 800, 1000]);
  now += 60_000;
  assert.equal(budget.next(45_000), 100);
});

test('more restarts than the limit within the window give up; older ones fall out', () => {
  let now = 0;
  const budget = new RestartBudget({ ...SETTINGS, restartLimit: 2 }, () => now);
  assert.equal(budget.next(0), 100);
  now += 10_000;
  assert.equal(budget.next(0), 200);
  now += 10_000;
  assert.equal(budget.next(0), undefined);
  now += 60_000;
  assert.equal(budget.next(0), 400);
});
