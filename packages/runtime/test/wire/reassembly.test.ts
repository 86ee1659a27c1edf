import { describe, expect, it } from 'vitest';
import { defineInterface, Frames, Reassembler, UMP_WORDS } from '@flounder-ts/runtime';
import { capRef, e10k, expectFlounderError, test, type TestMessage } from './fixtures.js';

/** Sends the frames of `message` through a reassembler the way the kernel would deliver them. */
function deliver(message: TestMessage, backend: 'lmp' | 'ump', rx = new Reassembler(test, backend)): TestMessage[] {
  const frames = new Frames();
  test.encode(message, backend, 77, frames);
  const got: TestMessage[] = [];
  for (let i = 0; i < frames.count; i++) {
    let m: TestMessage | undefined;
    if (backend === 'lmp') {
      m = rx.pushLmp(frames.u32, frames.start(i), frames.size(i), frames.cap(i));
    } else {
      // A UMP slot always has 7 data words; what the message does not use is stale.
      const slot = new Uint32Array(UMP_WORDS * 2).fill(0xdeadbeef);
      slot.set(frames.u32.subarray(frames.start(i) * 2, (frames.start(i) + frames.size(i)) * 2));
      m = rx.pushUmp(slot, 0, frames.msgnum, frames.token);
      if (i === 0) expect(rx.awaitingCaps).toBe(frames.caps.length > 0);
    }
    if (m) got.push(m);
    else expect(rx.receiving?.name).toBe(message.type);
  }
  frames.caps.forEach((cap, capid) => {
    const m = backend === 'ump' ? rx.pushCap(capid, cap) : undefined;
    if (m) got.push(m);
  });
  if (got.length) expect(rx.frames.token).toBe(77);
  return got;
}

describe('reassembly', () => {
  const messages: TestMessage[] = [
    { type: 'basic', arg: 7 },
    { type: 'str', arg: 9, s: 'short' },
    { type: 'str', arg: 42, s: 'a longer string, '.repeat(90) },
    { type: 'one_cap', arg: 1, cap1: capRef('Frame') },
    { type: 'caps', arg: 69, cap1: capRef('Frame'), cap2: capRef('VNode_x86_64_ptable') },
    { type: 'buf', buf: new Uint8Array(1000).map((_, i) => i) },
    { type: 'basic_rpc_call', arg: 3 },
  ];
  for (const backend of ['lmp', 'ump'] as const) {
    it(`rebuilds the idctest sequence from ${backend} fragments, one message after another`, () => {
      const rx = new Reassembler(test, backend);
      for (const message of messages) expect(deliver(message, backend, rx)).toEqual([message]);
      expect(rx.receiving).toBeUndefined();
    });
  }

  it('decodes one-fragment messages where they arrive, and those with 64-bit fields from its own frames', () => {
    type Wide = { type: 'wide'; big: bigint; small: bigint; n: number };
    type Narrow = { type: 'narrow'; a: number; b: number };
    const iface = defineInterface<Wide | Narrow>({
      name: 'widths',
      messages: {
        wide: {
          number: 3,
          fields: { big: 'uint64', small: 'int64', n: 'uint32' },
          lmp: [['MSGNUM TOKEN', 'big', 'small', 'n']],
          ump: [['big', 'small', 'n']],
        },
        narrow: { number: 4, fields: { a: 'uint32', b: 'uint32' }, lmp: [['MSGNUM TOKEN', 'a b']], ump: [['a b']] },
      },
    });
    const sequence: (Wide | Narrow)[] = [
      { type: 'narrow', a: 1, b: 2 },
      { type: 'wide', big: 0xfedcba9876543210n, small: -5n, n: 7 },
      { type: 'narrow', a: 0xffffffff, b: 0 },
      { type: 'wide', big: 1n, small: -(2n ** 63n), n: 0 },
    ];
    for (const backend of ['lmp', 'ump'] as const) {
      const rx = new Reassembler(iface, backend);
      const frames = new Frames();
      for (const message of sequence) {
        iface.encode(message, backend, 9, frames);
        // The receive buffer of a binding: the fragment at word 0, then stale words.
        const buf = new Uint32Array(2 * UMP_WORDS + 8).fill(0xdeadbeef);
        buf.set(frames.u32.subarray(0, frames.size(0) * 2));
        const got = backend === 'lmp' ? rx.pushLmp(buf, 0, frames.size(0), undefined) : rx.pushUmp(buf, 0, frames.msgnum, 9);
        expect(got).toEqual(message);
        expect(rx.frames.token).toBe(9);
      }
    }
  });

  it('accepts short LMP fragments padded up to 4 words (LRPC), refuses other lengths', () => {
    const frames = new Frames();
    test.encode({ type: 'basic', arg: 5 }, 'lmp', 0, frames);
    const padded = new Uint32Array(8);
    padded.set(frames.u32.subarray(0, 4));
    const rx = new Reassembler(test, 'lmp');
    expect(rx.pushLmp(padded, 0, 4, undefined)).toEqual({ type: 'basic', arg: 5 });
    expectFlounderError(
      'FLOUNDER_ERR_RX_INVALID_LENGTH',
      /basic: an LMP fragment of 1 words where the layout has 2/,
      () => rx.pushLmp(padded, 0, 1, undefined),
    );
    expectFlounderError('FLOUNDER_ERR_RX_INVALID_LENGTH', /of 5 words where the layout has 2/, () =>
      rx.pushLmp(new Uint32Array(12).fill(3, 0, 1), 0, 5, undefined),
    );
    expect(rx.receiving).toBeUndefined();
  });

  it('refuses an empty first fragment, an unknown message number, a missing cap and an oversized string', () => {
    const rx = new Reassembler(test, 'lmp');
    expectFlounderError('FLOUNDER_ERR_RX_EMPTY_MSG', /test: an LMP message without words/, () =>
      rx.pushLmp(new Uint32Array(2), 0, 0, capRef('Frame')),
    );
    expectFlounderError('FLOUNDER_ERR_RX_INVALID_MSGNUM', /test: no message number 99/, () =>
      rx.pushLmp(Uint32Array.of(99, 0), 0, 1, undefined),
    );
    expectFlounderError('FLOUNDER_ERR_RX_INVALID_LENGTH', /one_cap: fragment 0 lacks its cap/, () =>
      rx.pushLmp(Uint32Array.of(5, 0, 1, 0), 0, 2, undefined),
    );
    // str with a fixed fragment, then a string announcing 5000 bytes for String s[2048].
    expect(rx.pushLmp(Uint32Array.of(4, 0, 1, 0), 0, 2, undefined)).toBeUndefined();
    expectFlounderError(
      'FLOUNDER_ERR_RX_INVALID_LENGTH',
      /str: s announces 5000 bytes, more than the 2048 declared/,
      () => rx.pushLmp(new Uint32Array(20).fill(5000, 0, 1), 0, 10, undefined),
    );
    expect(rx.receiving).toBeUndefined();
  });

  it('over UMP, checks that every slot belongs to the message and caps come in order', () => {
    const rx = new Reassembler(test, 'ump');
    const slot = new Uint32Array(UMP_WORDS * 2);
    expect(rx.pushUmp(slot, 0, 4, 0)).toBeUndefined(); // str: fixed slot, string to come
    expectFlounderError('FLOUNDER_ERR_RX_INVALID_MSGNUM', /a slot of message 3 in the middle of message 4/, () =>
      rx.pushUmp(slot, 0, 3, 0),
    );
    expect(rx.pushUmp(slot, 0, 6, 0)).toBeUndefined(); // caps: slot in, two caps to come
    expect(rx.awaitingCaps).toBe(true);
    expectFlounderError('FLOUNDER_ERR_RX_INVALID_LENGTH', /caps: cap 1 arrived where cap 0 was due/, () =>
      rx.pushCap(1, capRef('Frame')),
    );
  });

  it('decodes an enum value out of range as a bad argument instead of inventing an item', () => {
    const frames = new Frames();
    e10k.encode(
      { type: 'mixed', kind: 'PORT_TCP', delta: 0n, addr: { bus: 0, device: 0 }, name: '' },
      'ump',
      0,
      frames,
    );
    frames.u32[0] = 2 << 16; // kind = 2: no such item
    expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', /mixed: received 2 for kind, an enum of 2 items/, () =>
      e10k.decode(frames, 'ump'),
    );
  });
});
