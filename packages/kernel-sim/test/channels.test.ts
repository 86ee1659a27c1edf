import { describe, expect, it } from 'vitest';
import { LMP_DEFAULT_BUF_WORDS, LMP_WORDS, RECV_EMPTY, UMP_WORDS, type ChannelEnd } from '@flounder-ts/runtime';
import { Machine } from '../src/index.js';
import { recvFrames, sendFrames, serve, type TestFrame } from './helpers.js';

/** Frames numbered from `from`, each `size` words whose values name frame and word. */
function numbered(count: number, size: (i: number) => number, from = 0): TestFrame[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return {
      words: Array.from({ length: size(n) }, (_, w) => (BigInt(n) << 32n) | BigInt(w) | 0x8000_0000_0000_0000n),
      msgnum: n % 0x7fff,
      token: (n * 2654435761) >>> 0,
    };
  });
}

/** Spawns an echo server on `serverCore` and a client on `clientCore`; the client sends `frames`, gets them back. */
async function echo(serverCore: number, clientCore: number, frames: TestFrame[], topology: 'ivybridge-2x10' | 'haswell-1x4' = 'ivybridge-2x10') {
  const machine = new Machine({ topology });
  const kinds: string[] = [];
  const iref = serve(machine, 'echo', serverCore, (end) => {
    kinds.push(end.kind);
    const queue: TestFrame[] = [];
    void recvFrames(end, frames.length, (f) => queue.push({ words: f.words, msgnum: f.msgnum, token: f.token })).then(() =>
      sendFrames(end, queue),
    );
  });
  let back: Awaited<ReturnType<typeof recvFrames>> = [];
  let clientKind = '';
  machine.spawn({ name: 'client', core: clientCore }, async (disp) => {
    const end = await disp.bind(await iref);
    clientKind = end.kind;
    const reply = recvFrames(end, frames.length);
    await sendFrames(end, frames);
    back = await reply;
  });
  await machine.run();
  return { kinds, clientKind, back, machine };
}

describe('binding picks the interconnect by where the service is', () => {
  it('gives LMP on the same core', async () => {
    const { kinds, clientKind } = await echo(3, 3, numbered(1, () => 1));
    expect(kinds).toEqual(['lmp']);
    expect(clientKind).toBe('lmp');
  });

  it('gives UMP across cores, and across sockets', async () => {
    for (const core of [4, 15]) {
      const { kinds, clientKind } = await echo(3, core, numbered(1, () => 1));
      expect(kinds).toEqual(['ump']);
      expect(clientKind).toBe('ump');
    }
  });

  it('gives a local channel within one domain', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    let kinds: string[] = [];
    let words: bigint[] = [];
    machine.spawn({ name: 'self', core: 2 }, async (disp) => {
      let server: ChannelEnd | undefined;
      const iref = await disp.exportService((end) => (server = end));
      const client = await disp.bind(iref);
      kinds = [client.kind, server!.kind];
      const got = recvFrames(server!, 1);
      await sendFrames(client, [{ words: [42n, 7n] }]);
      words = (await got)[0]!.words;
    });
    await machine.run();
    expect(kinds).toEqual(['local', 'local']);
    expect(words).toEqual([42n, 7n]);
  });
});

describe('frames arrive intact and in order', () => {
  for (const [name, server, client] of [
    ['LMP', 1, 1],
    ['UMP', 1, 2],
    ['UMP across sockets', 1, 12],
  ] as const) {
    it(`over ${name}, every size from 0 to a full fragment, many of them`, async () => {
      const max = name === 'LMP' ? LMP_WORDS : UMP_WORDS;
      const frames = numbered(500, (i) => i % (max + 1));
      const { back } = await echo(server, client, frames);
      expect(back).toHaveLength(frames.length);
      back.forEach((f, i) => {
        const sent = frames[i]!;
        if (name === 'LMP') {
          expect(f.words).toEqual(sent.words);
        } else {
          // A UMP slot always carries 7 data words; the ones the sender wrote must match.
          expect(f.words).toHaveLength(UMP_WORDS);
          expect(f.words.slice(0, sent.words.length)).toEqual(sent.words);
          expect(f.msgnum).toBe(sent.msgnum);
          expect(f.token).toBe(sent.token);
        }
      });
    });
  }

  it('keeps the header of a UMP slot: 15-bit message numbers and 32-bit tokens', async () => {
    const frames: TestFrame[] = [
      { words: [], msgnum: 0, token: 0 },
      { words: [1n], msgnum: 0x7fff, token: 0xffff_ffff },
      { words: [2n, 3n], msgnum: 0x4000, token: 0x8000_0000 },
    ];
    const { back } = await echo(0, 1, frames, 'haswell-1x4');
    expect(back.map((f) => [f.msgnum, f.token])).toEqual([
      [0, 0],
      [0x7fff, 0xffff_ffff],
      [0x4000, 0x8000_0000],
    ]);
  });

  it('refuses fragments larger than the interconnect carries', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    const errors: string[] = [];
    const iref = serve(machine, 'sink', 0, () => {});
    for (const core of [0, 1]) {
      machine.spawn({ name: `c${core}`, core }, async (disp) => {
        const end = await disp.bind(await iref);
        const buf = new Uint32Array(40);
        try {
          if (end.kind === 'ump') end.send(buf, 0, UMP_WORDS + 1, 0, 0);
          else end.send(buf, 0, LMP_WORDS + 1);
        } catch (err) {
          errors.push(String(err));
        }
        try {
          if (end.kind === 'ump') end.send(buf, 0, 1, 0x8000, 0);
        } catch (err) {
          errors.push(String(err));
        }
      });
    }
    await machine.run();
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatch(/FLOUNDER_ERR_TX_MSG_SIZE|larger than declared/);
    expect(errors.join('\n')).toContain('lmp fragment holds 0 to 10 words, got 11');
    expect(errors.join('\n')).toContain('ump fragment holds 0 to 7 words, got 8');
    expect(errors.join('\n')).toContain('message number is 0 to 32767, got 32768');
  });
});

describe('LMP endpoint buffer', () => {
  it('holds 22 words: one header word a message, one word always free', async () => {
    // Fill the receiver's buffer from a sender that the receiver never drains, and count what fits.
    const counts: Record<number, number> = {};
    for (const size of [0, 1, 4, 9, 10]) {
      const machine = new Machine({ topology: 'haswell-1x4' });
      const iref = serve(machine, 'sink', 1, () => {});
      machine.spawn({ name: 'fill', core: 1 }, async (disp) => {
        const end = await disp.bind(await iref);
        const buf = new Uint32Array(2 * LMP_WORDS);
        let n = 0;
        if (end.kind !== 'lmp') throw new Error('expected LMP');
        while (end.send(buf, 0, size)) n++;
        counts[size] = n;
        expect(end.canSend()).toBe(false);
      });
      await machine.run();
    }
    // free must stay > length + 1: floor((22 - 1 - 1) / (length + 1)) messages, at least... as the kernel computes.
    const expected = (size: number): number => {
      let used = 0;
      let n = 0;
      while (LMP_DEFAULT_BUF_WORDS - used > size + 1) {
        used += size + 1;
        n++;
      }
      return n;
    };
    expect(counts).toEqual({ 0: expected(0), 1: expected(1), 4: expected(4), 9: expected(9), 10: expected(10) });
    expect(counts[10]).toBe(1);
    expect(counts[0]).toBe(21);
  });

  it('a fast sender overflowing it loses nothing: SYS_ERR_LMP_BUF_OVERFLOW is retried', async () => {
    const frames = numbered(2000, (i) => i % (LMP_WORDS + 1));
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    let got: Awaited<ReturnType<typeof recvFrames>> = [];
    const iref = serve(machine, 'slow', 5, (end) => {
      void recvFrames(end, frames.length).then((f) => (got = f));
    });
    let refused = 0;
    machine.spawn({ name: 'fast', core: 5 }, async (disp) => {
      const end = await disp.bind(await iref);
      refused = await sendFrames(end, frames);
      while (got.length < frames.length) await disp.sleep(10_000);
    });
    await machine.run();
    expect(refused).toBeGreaterThan(100);
    expect(got.map((f) => f.words)).toEqual(frames.map((f) => f.words));
    const stalls = machine.counters().channels.reduce((n, c) => n + c.stalls, 0);
    expect(stalls).toBe(refused);
  });

  it('rejects endpoint buffers that cannot hold one full fragment', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    const iref = serve(machine, 's', 0, () => {});
    const errors: string[] = [];
    machine.spawn({ name: 'c', core: 0 }, async (disp) => {
      for (const lmpBufferWords of [11, 2.5, -1]) {
        await disp.bind(await iref, { lmpBufferWords }).catch((err: unknown) => errors.push(String(err)));
      }
      for (const umpSlots of [0, 1.5]) {
        await disp.bind(await iref, { umpSlots }).catch((err: unknown) => errors.push(String(err)));
      }
    });
    await machine.run();
    expect(errors).toHaveLength(5);
    expect(errors.slice(0, 3).every((e) => e.includes('Invalid LMP endpoint buffer length'))).toBe(true);
    expect(errors.slice(3).every((e) => e.includes('The UMP buffer size is invalid'))).toBe(true);
  });
});

describe('UMP ring', () => {
  it('a full ring applies backpressure and loses nothing', async () => {
    const frames = numbered(3000, (i) => i % (UMP_WORDS + 1));
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    let got: Awaited<ReturnType<typeof recvFrames>> = [];
    let receiverPaused = true;
    const iref = serve(machine, 'slow', 1, (end, disp) => {
      // The receiver stays away until the sender has filled the ring, then drains slowly.
      void disp.sleep(1_000_000).then(() => {
        receiverPaused = false;
        void recvFrames(end, frames.length + 8, () => disp.compute(500)).then((f) => (got = f));
      });
    });
    let refused = 0;
    let fullWhilePaused = false;
    machine.spawn({ name: 'fast', core: 2 }, async (disp) => {
      const end = await disp.bind(await iref, { umpSlots: 8 });
      const buf = new Uint32Array(16);
      let sent = 0;
      if (end.kind !== 'ump') throw new Error('expected UMP');
      while (end.send(buf, 0, 1, 3, sent)) sent++;
      fullWhilePaused = receiverPaused && sent === 8 && !end.canSend();
      refused = await sendFrames(end, frames);
      while (got.length < frames.length + 8) await disp.sleep(100_000);
    });
    await machine.run();
    expect(fullWhilePaused).toBe(true);
    expect(refused).toBeGreaterThan(100);
    // The 8 probe frames came first; then every frame, in order, intact.
    expect(got).toHaveLength(frames.length + 8);
    expect(got.slice(0, 8).map((f) => f.token)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    got.slice(8).forEach((f, i) => {
      const sent = frames[i]!;
      expect(f.token).toBe(sent.token);
      expect(f.words.slice(0, sent.words.length)).toEqual(sent.words);
    });
  });
});
