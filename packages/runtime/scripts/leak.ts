/**
 * The leak test: blocked operations that end without their channel (a select won by another
 * case, an aborted wait, an abandoned iteration) must leave nothing behind. Each phase runs
 * `count` operations, then the heap is measured after a full GC; a waiter left on a queue or a
 * listener left on a signal would cost about a hundred bytes each, so a leak shows as tens of
 * megabytes.
 *
 *   node --expose-gc --conditions=source --import tsx packages/runtime/scripts/leak.ts [--count N] [--max-growth-mb M]
 *
 * Prints one JSON line with the growth per phase and exits 1 if any phase grew more than the
 * limit (2 MB by default).
 */
import { parseArgs } from 'node:util';
import { Chan, go, recvCase, select } from '@flounder-ts/runtime';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    'max-growth-mb': { type: 'string', default: '2' },
  },
});
const count = Number(values.count);
const limit = Number(values['max-growth-mb']) * 2 ** 20;
if (!Number.isSafeInteger(count) || count <= 0) fail(`--count: expected a positive integer, got ${values.count}`);
if (!(limit > 0)) fail(`--max-growth-mb: expected a positive number, got ${values['max-growth-mb']}`);
const collect = (globalThis as { gc?: () => void }).gc ?? fail('run node with --expose-gc');

function fail(message: string): never {
  process.stderr.write(`leak: ${message}\n`);
  process.exit(2);
}

/** Live heap after a full collection. */
async function heap(): Promise<number> {
  await new Promise((resolve) => setImmediate(resolve));
  collect();
  collect();
  return process.memoryUsage().heapUsed;
}

/** Selects that block on two channels and are always woken through the first. */
async function losingSelects(n: number, never: Chan<number>): Promise<void> {
  const ready = new Chan<number>();
  go(async () => {
    for (let i = 0; i < n; i++) await ready.send(i);
  });
  for (let i = 0; i < n; i++) {
    const r = await select([recvCase(ready), recvCase(never)]);
    if (r.index !== 0 || r.value !== i) fail(`select ${i} returned ${JSON.stringify(r)}`);
  }
}

/** Receives that block and are aborted. */
async function abortedWaits(n: number, never: Chan<number>): Promise<void> {
  for (let i = 0; i < n; i++) {
    const ac = new AbortController();
    const wait = never.recv(ac.signal);
    ac.abort();
    await wait.catch(() => undefined);
  }
}

/** Iterations whose step is waiting when they are abandoned. */
async function abandonedIterations(n: number, never: Chan<number>): Promise<void> {
  for (let i = 0; i < n; i++) {
    const it = never[Symbol.asyncIterator]();
    const step = it.next();
    await it.return!();
    await step;
  }
}

const phases = { losingSelects, abortedWaits, abandonedIterations };
const growth: Record<string, number> = {};
const stale: string[] = [];
// A short warm-up, so that compiled code and pooled memory are not counted as growth.
for (const run of Object.values(phases)) await run(1000, new Chan<number>());
for (const [name, run] of Object.entries(phases)) {
  const never = new Chan<number>();
  const before = await heap();
  await run(name === 'losingSelects' ? count : Math.ceil(count / 10), never);
  growth[name] = (await heap()) - before;
  if (never.trySend(1)) stale.push(name); // a receiver was left on the channel nobody sends to
}
const leaked = stale.length > 0 || Object.values(growth).some((bytes) => bytes > limit);
console.log(JSON.stringify({ count, growthBytes: growth, limitBytes: limit, staleReceivers: stale, leaked }));
process.exit(leaked ? 1 : 0);
