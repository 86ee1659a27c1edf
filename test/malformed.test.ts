/**
 * A binding that receives fragments its interface cannot have produced (Flounder's
 * `FLOUNDER_ERR_RX_*`) is torn down with that error: the channel API's `closed` resolves with
 * it, the handler API's `onError` gets it, and without one it fails the run. The bad frames
 * come from a raw channel end bound to a generated service.
 */
import { TaskFailedError } from '@flounder-ts/kernel-sim';
import { FlounderError, type ChannelEnd, type Dispatcher, type ErrorCode } from '@flounder-ts/runtime';
import { describe, expect, it } from 'vitest';
import * as test from '../examples/gen/test.js';
import { newMachine, program } from './machines.js';

interface RawFrame {
  /** The 64-bit words, low 32 bits only. */
  readonly words: readonly number[];
  /** UMP only: the slot header's message number. */
  readonly msgnum?: number;
  readonly cap?: boolean;
}

interface Case {
  readonly name: string;
  readonly interconnect: 'lmp' | 'ump';
  readonly frames: readonly RawFrame[];
  readonly code: ErrorCode;
  readonly message: string;
}

const CASES: Case[] = [
  { name: 'an unknown message number', interconnect: 'lmp', frames: [{ words: [99, 0] }], code: 'FLOUNDER_ERR_RX_INVALID_MSGNUM', message: 'test: no message number 99' },
  { name: 'a fragment of the wrong length', interconnect: 'lmp', frames: [{ words: [3, 7, 0, 0, 0] }], code: 'FLOUNDER_ERR_RX_INVALID_LENGTH', message: 'an LMP fragment of 5 words where the layout has 2' },
  { name: 'an empty first fragment', interconnect: 'lmp', frames: [{ words: [] }], code: 'FLOUNDER_ERR_RX_EMPTY_MSG', message: 'an LMP message without words' },
  { name: 'a cap where the layout has none', interconnect: 'lmp', frames: [{ words: [3, 7], cap: true }], code: 'FLOUNDER_ERR_RX_INVALID_LENGTH', message: 'carries an unexpected cap' },
  { name: 'a string longer than declared', interconnect: 'lmp', frames: [{ words: [4, 9] }, { words: [5000, 0, 0, 0, 0, 0, 0, 0, 0, 0] }], code: 'FLOUNDER_ERR_RX_INVALID_LENGTH', message: 's announces 5000 bytes, more than the 2048 declared' },
  { name: 'an unknown message number', interconnect: 'ump', frames: [{ words: [0], msgnum: 99 }], code: 'FLOUNDER_ERR_RX_INVALID_MSGNUM', message: 'test: no message number 99' },
  { name: 'a string longer than declared', interconnect: 'ump', frames: [{ words: [9], msgnum: 4 }, { words: [3000, 0, 0, 0, 0, 0, 0], msgnum: 4 }], code: 'FLOUNDER_ERR_RX_INVALID_LENGTH', message: 's announces 3000 bytes, more than the 2048 declared' },
  { name: 'a slot of another message in the middle of one', interconnect: 'ump', frames: [{ words: [9], msgnum: 4 }, { words: [0], msgnum: 3 }], code: 'FLOUNDER_ERR_RX_INVALID_MSGNUM', message: 'a slot of message 3 in the middle of message 4' },
];

/**
 * Serves `service` with the handler API until its one client's binding closes; resolves with
 * what happened, in order: each error `onError` got, as `record` makes it, and whatever the
 * handlers from `handlers` push.
 */
async function serveOneClient<T>(
  disp: Dispatcher,
  service: string,
  record: (error: FlounderError) => T,
  handlers?: (seen: T[]) => test.TestHandlers,
): Promise<T[]> {
  const seen: T[] = [];
  let gone!: () => void;
  const done = new Promise<void>((resolve) => (gone = resolve));
  await test.serve(disp, service, (b) => {
    b.onError = (error) => seen.push(record(error));
    void b.closed.then(gone);
    return handlers?.(seen);
  });
  await done;
  return seen;
}

/** Binds to `service` without a binding, sends `frames` raw, and waits until the peer closes. */
async function rawClient(disp: Dispatcher, service: string, frames: readonly RawFrame[]): Promise<void> {
  const end: ChannelEnd = await disp.bind(await disp.nameService.waitFor(service));
  const buf = new Uint32Array(2 * end.fragmentWords);
  for (const f of frames) {
    buf.fill(0);
    f.words.forEach((w, i) => (buf[2 * i] = w));
    const sent =
      end.kind === 'ump'
        ? end.send(buf, 0, f.words.length, f.msgnum ?? 0, 0)
        : end.send(buf, 0, f.words.length, f.cap ? disp.createCap('Frame') : undefined);
    if (!sent) throw new Error('the channel was full');
  }
  while (!end.peerClosed) await disp.sleep(1000);
}

describe('malformed frames', () => {
  for (const c of CASES) {
    it(`tear the channel API's binding down: ${c.name} (${c.interconnect})`, async () => {
      const machine = newMachine();
      const closed = program(machine, 'server', 1, async (disp) => {
        const client = (await (await test.listen(disp, 'bad')).recv())!;
        const received: unknown[] = [];
        for await (const m of client.recv) received.push(m);
        return { error: await client.closed, received };
      });
      machine.spawn({ name: 'client', core: c.interconnect === 'lmp' ? 1 : 2 }, (disp) => rawClient(disp, 'bad', c.frames));
      await machine.run();
      const { error, received } = closed();
      expect(received).toEqual([]);
      expect(error).toBeInstanceOf(FlounderError);
      expect(error!.code).toBe(c.code);
      expect(error!.message).toContain(c.message);
    });
  }

  it("reach the handler API's onError", async () => {
    const machine = newMachine();
    const errors = program(machine, 'server', 1, (disp) => serveOneClient(disp, 'bad', (error) => error));
    machine.spawn({ name: 'client', core: 2 }, (disp) => rawClient(disp, 'bad', CASES[5]!.frames));
    await machine.run();
    expect(errors().map((e) => e.code)).toEqual(['FLOUNDER_ERR_RX_INVALID_MSGNUM']);
  });

  it('include a message the handlers have no handler for: FLOUNDER_ERR_RX_NO_HANDLER', async () => {
    const machine = newMachine();
    const errors = program(machine, 'server', 1, (disp) =>
      serveOneClient(
        disp,
        'partial',
        (error) => `${error.code}: ${error.message}`,
        (seen) => ({ basic: () => seen.push('basic') }),
      ),
    );
    program(machine, 'client', 2, async (disp) => {
      const b = await test.bind(disp, 'partial');
      b.tx.basic({ arg: 1 });
      b.tx.str({ arg: 2, s: 'no one listens' });
      await b.closed;
    });
    await machine.run();
    expect(errors()).toEqual(['basic', expect.stringMatching(/^FLOUNDER_ERR_RX_NO_HANDLER: .*no handler for str$/)]);
  });

  it('fail the run when a handler binding has no onError, as Barrelfish aborts', async () => {
    const machine = newMachine();
    machine.spawn({ name: 'server', core: 1, daemon: true }, (disp) => test.serve(disp, 'bad', () => ({})));
    machine.spawn({ name: 'client', core: 1 }, (disp) => rawClient(disp, 'bad', CASES[0]!.frames));
    const failure = await machine.run().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TaskFailedError);
    expect((failure as Error).message).toContain('[FLOUNDER_ERR_RX_INVALID_MSGNUM]');
    expect((failure as TaskFailedError).dispatcher).toBe('server@1');
  });
});
