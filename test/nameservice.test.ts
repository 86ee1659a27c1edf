/**
 * The nameservice, written with the generated channel API and booted on core 0: register,
 * get, wait_for and get_count through every domain's client, its errors, and many tasks of
 * one program waiting for names at once over their domain's one binding.
 */
import type { Machine } from '@flounder-ts/kernel-sim';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LOOKUPS, type Found } from '../examples/nameservice/lookups.js';
import { NAMESERVICE, type user } from './domains/nameservice.js';
import type { ErrorSeen } from './domains/rpc.js';
import { newMachine } from './machines.js';

describe.each(['simulated', 'threads'] as const)('the nameservice on the %s platform', (platform) => {
  /** A machine on this platform, shut down after the test. */
  function machineOn(): Machine {
    const machine = newMachine({ platform });
    onTestFinished(() => machine.shutdown());
    return machine;
  }

  it('registers, looks up, waits for and counts names, and says what went wrong', async () => {
    const machine = machineOn();
    const outcome = machine.spawn({ name: 'user', core: 3 }, { module: NAMESERVICE, export: 'user' });
    await machine.run();
    const { waited, lookedUp, counts, errors } = (await outcome.result) as Awaited<ReturnType<typeof user>>;
    expect(waited).toBe(1234);
    expect(lookedUp).toBe(1235);
    expect(counts).toEqual([2, 0, 0]);
    const [unknown, taken, empty, long] = errors;
    expect(unknown).toEqual({
      code: 'LIB_ERR_NAMESERVICE_UNKNOWN_NAME',
      message: "Lookup failed: unknown name: nobody (the server's answer to nameservice.get)",
    });
    expect(taken?.code).toBe('LIB_ERR_NAMESERVICE_NAME_TAKEN');
    expect(empty?.code).toBe('FLOUNDER_ERR_BAD_ARGUMENT');
    expect(long?.code).toBe('FLOUNDER_ERR_BAD_ARGUMENT');
  });

  it('serves many tasks of one program waiting for names at once, over one binding', async () => {
    const machine = machineOn();
    const count = 40;
    // A name every 20,000 cycles; on threads, where the cycles are real and a loaded machine
    // may hold a thread back for milliseconds, every 10 ms.
    const gap = platform === 'threads' ? 0.01 * machine.topology.hz : 20_000;
    machine.spawn({ name: 'registrar', core: 4, daemon: true }, { module: LOOKUPS, export: 'registrar', arg: { count, gap } });
    const client = machine.spawn({ name: 'client', core: 7 }, { module: LOOKUPS, export: 'lookups', arg: { count } });
    await machine.run();
    const { found, classCount } = (await client.result) as { found: Found[]; classCount: number };
    expect(found.map((f) => f.answeredBy)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(new Set(found.map((f) => f.iref)).size).toBe(count);
    // Registered one after another, so found one after another: every task waited for its own
    // name. (On threads a stalled client may take two answers in one turn: then in order.)
    for (let i = 1; i < count; i++) {
      if (platform === 'threads') expect(found[i]!.waited).toBeGreaterThanOrEqual(found[i - 1]!.waited);
      else expect(found[i]!.waited).toBeGreaterThan(found[i - 1]!.waited);
    }
    expect(classCount).toBe(count);
    // The client's tasks shared one binding to the nameservice: one channel between the two domains.
    const toNameservice = machine.counters().channels.filter((c) => c.label.includes('client@7 -> nameservice@0'));
    expect(toNameservice).toHaveLength(1);
  });

  it('refuses a second service under a name that is taken', async () => {
    const machine = machineOn();
    const outcome = machine.spawn({ name: 'server', core: 1 }, { module: NAMESERVICE, export: 'listenTwice' });
    await machine.run();
    expect(((await outcome.result) as ErrorSeen | null)?.code).toBe('LIB_ERR_NAMESERVICE_NAME_TAKEN');
  });
});
