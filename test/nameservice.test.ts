/**
 * The nameservice, written with the generated channel API and booted on core 0: register,
 * get, wait_for and get_count through every domain's client, its errors, and many tasks of
 * one program waiting for names at once over their domain's one binding.
 */
import { isFlounderError } from '@flounder-ts/runtime';
import { describe, expect, it } from 'vitest';
import { LOOKUPS, type Found } from '../examples/nameservice/lookups.js';
import * as ping from '../examples/gen/ping.js';
import { newMachine, program } from './machines.js';

describe('the nameservice', () => {
  it('registers, looks up, waits for and counts names, and says what went wrong', async () => {
    const machine = newMachine();
    const outcome = program(machine, 'user', 3, async (disp) => {
      const ns = disp.nameService;
      const waiting = ns.waitFor('later.1');
      await ns.register('later.1', 1234);
      await ns.register('later.2', 1235);
      await ns.register('other', 1236);
      const errors = await Promise.all([
        ns.lookup('nobody').catch((e: unknown) => e),
        ns.register('other', 1).catch((e: unknown) => e),
        ns.register('', 1).catch((e: unknown) => e),
        ns.lookup('x'.repeat(256)).catch((e: unknown) => e),
      ]);
      return {
        waited: await waiting,
        lookedUp: await ns.lookup('later.2'),
        counts: [await ns.count('later'), await ns.count('other'), await ns.count('none')],
        errors,
      };
    });
    await machine.run();
    const { waited, lookedUp, counts, errors } = outcome();
    expect(waited).toBe(1234);
    expect(lookedUp).toBe(1235);
    expect(counts).toEqual([2, 0, 0]);
    const [unknown, taken, empty, long] = errors;
    expect(isFlounderError(unknown, 'LIB_ERR_NAMESERVICE_UNKNOWN_NAME')).toBe(true);
    expect((unknown as Error).message).toBe("Lookup failed: unknown name: nobody (the server's answer to nameservice.get)");
    expect(isFlounderError(taken, 'LIB_ERR_NAMESERVICE_NAME_TAKEN')).toBe(true);
    expect(isFlounderError(empty, 'FLOUNDER_ERR_BAD_ARGUMENT')).toBe(true);
    expect(isFlounderError(long, 'FLOUNDER_ERR_BAD_ARGUMENT')).toBe(true);
  });

  it('serves many tasks of one program waiting for names at once, over one binding', async () => {
    const machine = newMachine({ trace: false });
    const count = 40;
    machine.spawn({ name: 'registrar', core: 4, daemon: true }, { module: LOOKUPS, export: 'registrar', arg: { count, gap: 20_000 } });
    const client = machine.spawn({ name: 'client', core: 7 }, { module: LOOKUPS, export: 'lookups', arg: { count } });
    await machine.run();
    const { found, classCount } = (await client.result) as { found: Found[]; classCount: number };
    expect(found.map((f) => f.answeredBy)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(new Set(found.map((f) => f.iref)).size).toBe(count);
    // Registered one after another, so found one after another: every task waited for its own name.
    for (let i = 1; i < count; i++) expect(found[i]!.waited).toBeGreaterThan(found[i - 1]!.waited);
    expect(classCount).toBe(count);
    // The client's tasks shared one binding to the nameservice: one channel between the two domains.
    const toNameservice = machine.counters().channels.filter((c) => c.label.includes('client@7 -> nameservice@0'));
    expect(toNameservice).toHaveLength(1);
  });

  it('refuses a second service under a name that is taken', async () => {
    const machine = newMachine();
    const outcome = program(machine, 'server', 1, async (disp) => {
      await ping.listen(disp, 'once');
      return ping.listen(disp, 'once').catch((e: unknown) => e);
    });
    await machine.run();
    expect(isFlounderError(outcome(), 'LIB_ERR_NAMESERVICE_NAME_TAKEN')).toBe(true);
  });
});
