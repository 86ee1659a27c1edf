import { describe, expect, it } from 'vitest';
import { FlounderError, type Iref } from '@flounder-ts/runtime';
import { IREFS_PER_CORE, Machine, irefCore } from '../src/index.js';
import { serve } from './helpers.js';

describe('irefs', () => {
  it('are 256 * core + slot + 1, allocated per core by its monitor', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    const irefs: Record<string, Iref[]> = {};
    for (const core of [0, 3, 19]) {
      machine.spawn({ name: `exporter${core}`, core, daemon: true }, async (disp) => {
        const list: Iref[] = [];
        for (let i = 0; i < 3; i++) list.push(await disp.exportService(() => {}));
        irefs[core] = list;
      });
    }
    machine.spawn({ name: 'main', core: 1 }, async (disp) => {
      while (Object.keys(irefs).length < 3) await disp.sleep(10_000);
    });
    await machine.run();
    expect(irefs).toEqual({ 0: [1, 2, 3], 3: [769, 770, 771], 19: [4865, 4866, 4867] });
    expect(irefCore(4865)).toBe(19);
  });

  it('run out after 256 on one core: MON_ERR_IREF_ALLOC', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    let error: unknown;
    let count = 0;
    machine.spawn({ name: 'greedy', core: 2 }, async (disp) => {
      try {
        for (;;) {
          await disp.exportService(() => {});
          count++;
        }
      } catch (err) {
        error = err;
      }
    });
    await machine.run();
    expect(count).toBe(IREFS_PER_CORE);
    expect(error).toBeInstanceOf(FlounderError);
    expect((error as FlounderError).code).toBe('MON_ERR_IREF_ALLOC');
  });

  it('that are bad give clear errors', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    const iref = serve(machine, 'server', 2, () => {});
    const results: Record<string, string> = {};
    machine.spawn({ name: 'client', core: 2 }, async (disp) => {
      const good = await iref;
      const cases: Record<string, Iref> = {
        zero: 0,
        negative: -5,
        fraction: 1.5,
        'too big': 2 ** 33,
        'no such core': 256 * 20 + 1,
        'free slot, same core': good + 1,
        'free slot, other core': 256 * 7 + 9,
      };
      for (const [name, bad] of Object.entries(cases)) {
        try {
          await disp.bind(bad);
          results[name] = 'bound';
        } catch (err) {
          results[name] = (err as FlounderError).code;
        }
      }
    });
    await machine.run();
    expect(results).toEqual({
      zero: 'MON_ERR_INVALID_IREF',
      negative: 'MON_ERR_INVALID_IREF',
      fraction: 'MON_ERR_INVALID_IREF',
      'too big': 'MON_ERR_INVALID_IREF',
      'no such core': 'MON_ERR_INVALID_CORE_ID',
      'free slot, same core': 'MON_ERR_INVALID_IREF',
      'free slot, other core': 'MON_ERR_INVALID_IREF',
    });
  });

  it('of a domain that ended are refused', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    let exported = 0;
    machine.spawn({ name: 'shortlived', core: 1 }, async (disp) => {
      exported = await disp.exportService(() => {});
    });
    let error = '';
    machine.spawn({ name: 'late', core: 3 }, async (disp) => {
      await disp.sleep(1_000_000);
      await disp.bind(exported).catch((err: FlounderError) => (error = `${err.code}: ${err.message}`));
    });
    await machine.run();
    expect(error).toMatch(/^MON_ERR_INVALID_IREF: .*binding to iref 257 \(core 1, slot 0\)/);
  });
});

describe('accepting', () => {
  it('an accept handler that throws refuses the bind with its error', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    const iref = serve(machine, 'picky', 1, () => {
      throw new FlounderError('FLOUNDER_ERR_BIND', 'not today');
    });
    const codes: string[] = [];
    for (const core of [1, 2]) {
      machine.spawn({ name: `c${core}`, core }, async (disp) => {
        await disp.bind(await iref).catch((err: FlounderError) => codes.push(err.code));
      });
    }
    await machine.run();
    expect(codes).toEqual(['FLOUNDER_ERR_BIND', 'FLOUNDER_ERR_BIND']);
  });

  it('many clients from every core bind to one service', async () => {
    const machine = new Machine({ topology: { sockets: 4, coresPerSocket: 8, ghz: 2 } });
    const accepted: string[] = [];
    const iref = serve(machine, 'hub', 5, (end) => accepted.push(end.kind));
    const kinds: string[] = [];
    for (let core = 0; core < 32; core++) {
      machine.spawn({ name: `c${core}`, core }, async (disp) => {
        kinds.push((await disp.bind(await iref)).kind);
      });
    }
    await machine.run();
    expect(accepted).toHaveLength(32);
    expect(kinds.filter((k) => k === 'lmp')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'ump')).toHaveLength(31);
  });
});

describe('the nameservice iref', () => {
  it('waits until it is set, then every core learns it', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    const seen: Record<number, number> = {};
    for (const core of [0, 4, 13]) {
      machine.spawn({ name: `asker${core}`, core }, async (disp) => {
        seen[core] = await disp.nameServiceIref();
      });
    }
    machine.spawn({ name: 'nameservice', core: 0, daemon: true }, async (disp) => {
      await disp.sleep(5_000_000);
      await disp.setNameServiceIref(await disp.exportService(() => {}));
    });
    machine.spawn({ name: 'latecomer', core: 9 }, async (disp) => {
      await disp.sleep(20_000_000);
      seen[9] = await disp.nameServiceIref();
    });
    await machine.run();
    expect(seen).toEqual({ 0: 1, 4: 1, 13: 1, 9: 1 });
  });
});

describe('domains that end in the middle of a request', () => {
  it('leave the monitors working for everyone else', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    const iref = serve(machine, 'server', 4, () => {});
    // Asks for the nameservice iref, which nobody sets yet, and ends; starts binds across cores and ends.
    machine.spawn({ name: 'impatient', core: 9 }, (disp) => {
      void disp.nameServiceIref();
      void iref.then((i) => disp.bind(i));
    });
    let later: string[] = [];
    machine.spawn({ name: 'patient', core: 9 }, async (disp) => {
      await disp.sleep(2_000_000);
      const ns = disp.setNameServiceIref(await iref);
      const end = await disp.bind(await iref);
      await ns;
      later = [end.kind, String(await disp.nameServiceIref())];
    });
    await machine.run();
    expect(later).toEqual(['ump', '1025']);
  });
});
