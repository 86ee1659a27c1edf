import { describe, expect, it } from 'vitest';
import { FlounderError, LMP_FLAG_GIVEAWAY, LMP_SEND_FLAGS_DEFAULT, RECV_EMPTY, type CapRef, type ChannelEnd } from '@flounder-ts/runtime';
import { Machine, type Dispatcher } from '../src/index.js';
import { serve } from './helpers.js';

/** The error `fn` throws. */
function thrown(fn: () => unknown): FlounderError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FlounderError) return err;
    throw err;
  }
  throw new Error('expected a FlounderError');
}

/** Receives the caps that arrive on `end` (with LMP frames, or through the monitors for UMP). */
function collectCaps(end: ChannelEnd, count: number): Promise<CapRef[]> {
  const caps: CapRef[] = [];
  const buf = new Uint32Array(20);
  return new Promise((resolve) => {
    end.registerRecv(
      () => {
        if (end.kind === 'ump') {
          while (end.recv(buf) !== RECV_EMPTY);
          for (let d = end.recvCap(); d; d = end.recvCap()) caps[d.capid] = d.cap;
        } else {
          while (end.recv(buf) !== RECV_EMPTY) if (end.rxCap) caps.push(end.rxCap);
        }
        if (caps.filter(Boolean).length === count) resolve(caps);
      },
      { persistent: true },
    );
  });
}

/**
 * A sender on `senderCore` passes a Frame cap (copied) and a page table (given away) to a
 * receiver on core 1, which checks and writes through the frame; returns what both saw.
 */
async function passCaps(senderCore: number) {
  const machine = new Machine({ topology: 'ivybridge-2x10' });
  const seen: Record<string, unknown> = {};
  let receiver!: Dispatcher;
  let got: Promise<CapRef[]> | undefined;
  const iref = serve(machine, 'receiver', 1, (end, disp) => {
    receiver = disp;
    got = collectCaps(end, 2);
  });
  machine.spawn({ name: 'sender', core: senderCore }, async (disp) => {
    const frame = disp.createCap('Frame', 4096);
    const ptable = disp.createCap('VNode_x86_64_ptable');
    disp.mapFrame(frame)[0] = 0xab;
    const end = await disp.bind(await iref);
    seen.kind = end.kind;
    const buf = new Uint32Array(20);
    if (end.kind === 'ump') {
      end.send(buf, 0, 1, 3, 0);
      end.sendCap(frame, 0, false);
      end.sendCap(ptable, 1, true);
    } else {
      end.send(buf, 0, 1, frame, LMP_SEND_FLAGS_DEFAULT);
      await new Promise<void>((resolve) => {
        const again = (): void => {
          if (end.send(buf, 0, 0, ptable, LMP_SEND_FLAGS_DEFAULT | LMP_FLAG_GIVEAWAY)) resolve();
          else end.registerSend(again);
        };
        again();
      });
    }
    const [rframe, rptable] = await got!;
    seen.receivedTypes = [receiver.identifyCap(rframe!).type, receiver.identifyCap(rptable!).description];
    // A copy names the same object: what the receiver writes, the sender sees.
    receiver.mapFrame(rframe!)[1] = 0xcd;
    seen.sharedMemory = [...disp.mapFrame(frame).subarray(0, 2)];
    seen.sameObject = receiver.identifyCap(rframe!).objectId === disp.identifyCap(frame).objectId;
    // The copied cap is still the sender's; the page table was given away.
    seen.senderKeepsFrame = disp.identifyCap(frame).type;
    seen.senderLostPtable = thrown(() => disp.identifyCap(ptable)).message;
    // References work only for the domain that holds them.
    seen.foreignUse = thrown(() => disp.identifyCap(rframe!)).message;
  });
  await machine.run();
  return seen;
}

describe('capabilities', () => {
  for (const [name, core] of [
    ['over LMP, in the fragment', 1],
    ['over UMP, through the monitors', 7],
  ] as const) {
    it(`copy (cap) and move (give_away_cap) ${name}`, async () => {
      const seen = await passCaps(core);
      expect(seen.kind).toBe(core === 1 ? 'lmp' : 'ump');
      expect(seen.receivedTypes).toEqual(['Frame', expect.stringMatching(/^x86_64 Page table cap/)]);
      expect(seen.sharedMemory).toEqual([0xab, 0xcd]);
      expect(seen.sameObject).toBe(true);
      expect(seen.senderKeepsFrame).toBe('Frame');
      expect(seen.senderLostPtable).toMatch(/no longer holds this VNode_x86_64_ptable cap: it was given away to domain '(receiver|monitor)'/);
      expect(seen.foreignUse).toMatch(/belongs to domain 'receiver' on core 1, not to 'sender'/);
    });
  }

  it('a forged or deleted reference fails with a clear error', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    const errors: FlounderError[] = [];
    machine.spawn({ name: 'forger', core: 0 }, (disp) => {
      const forged = { type: 'Frame' } as CapRef;
      errors.push(thrown(() => disp.mapFrame(forged)));
      errors.push(thrown(() => disp.identifyCap(forged)));
      const real = disp.createCap('RAM', 1 << 20);
      const copy = disp.copyCap(real);
      disp.deleteCap(real);
      errors.push(thrown(() => disp.identifyCap(real)));
      expect(disp.identifyCap(copy).bytes).toBe(1 << 20);
      errors.push(thrown(() => disp.mapFrame(copy)));
      errors.push(thrown(() => disp.createCap('Kernel' as 'RAM')));
    });
    await machine.run();
    expect(errors.map((e) => e.code)).toEqual([
      'SYS_ERR_CAP_NOT_FOUND',
      'SYS_ERR_IDENTIFY_LOOKUP',
      'SYS_ERR_IDENTIFY_LOOKUP',
      'SYS_ERR_WRONG_MAPPING',
      'SYS_ERR_TYPE_NOT_CREATABLE',
    ]);
    expect(errors[0]!.message).toContain('{"type":"Frame"} is not a capability reference issued by this machine');
    expect(errors[2]!.message).toContain("no longer holds this RAM cap: it was deleted");
  });

  it('sending a cap the domain does not hold fails before anything is sent', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    const errors: string[] = [];
    const iref = serve(machine, 'sink', 0, () => {});
    for (const core of [0, 2]) {
      machine.spawn({ name: `c${core}`, core }, async (disp) => {
        const end = await disp.bind(await iref);
        const forged = { type: 'Frame' } as CapRef;
        const buf = new Uint32Array(20);
        try {
          if (end.kind === 'ump') end.sendCap(forged, 0, false);
          else end.send(buf, 0, 1, forged);
        } catch (err) {
          errors.push(`${end.kind}: ${(err as FlounderError).code}`);
        }
      });
    }
    await machine.run();
    expect(errors.sort()).toEqual(['lmp: SYS_ERR_LMP_CAPTRANSFER_SRC_LOOKUP', 'ump: SYS_ERR_CAP_NOT_FOUND']);
    const clientEnds = machine.counters().channels.filter((c) => /^c\d@\d$/.test(c.dispatcher) && c.label.endsWith('-> sink@0'));
    expect(clientEnds.map((c) => [c.kind, c.messagesSent, c.capsSent]).sort()).toEqual([
      ['lmp', 0, 0],
      ['ump', 0, 0],
    ]);
  });

  it('LMP carries one cap a fragment: a second waits until the receiver takes the first', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    let firstTry: boolean[] = [];
    let received: string[] = [];
    let gate!: () => void;
    const opened = new Promise<void>((r) => (gate = r));
    const iref = serve(machine, 'sink', 3, (end, disp) => {
      void opened.then(() => collectCaps(end, 3)).then((caps) => (received = caps.map((c) => disp.identifyCap(c).type)));
    });
    machine.spawn({ name: 'src', core: 3 }, async (disp) => {
      const end = await disp.bind(await iref);
      if (end.kind !== 'lmp') throw new Error('expected LMP');
      const caps = [disp.createCap('Frame'), disp.createCap('RAM'), disp.createCap('VNode_x86_64_ptable')];
      const buf = new Uint32Array(20);
      firstTry = caps.map((c) => end.send(buf, 0, 1, c));
      // Only the first got through; the receive slot is occupied until the receiver takes it.
      gate();
      for (const c of caps.slice(1)) {
        await new Promise<void>((resolve) => {
          const again = (): void => (end.send(buf, 0, 1, c) ? resolve() : end.registerSend(again));
          again();
        });
      }
      while (received.length < 3) await disp.sleep(1000);
    });
    await machine.run();
    expect(firstTry).toEqual([true, false, false]);
    expect(received).toEqual(['Frame', 'RAM', 'VNode_x86_64_ptable']);
  });
});
