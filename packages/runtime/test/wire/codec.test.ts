import { describe, expect, it } from 'vitest';
import { Frames, defineInterface } from '@flounder-ts/runtime';
import { capRef, e10k, expectFlounderError, test, type TestMessage } from './fixtures.js';

/** The words of every fragment, as bigints. */
function fragments(frames: Frames): bigint[][] {
  const out: bigint[][] = [];
  for (let i = 0; i < frames.count; i++) {
    const words: bigint[] = [];
    for (let w = 0; w < frames.size(i); w++) words.push(frames.word(frames.start(i) + w));
    out.push(words);
  }
  return out;
}

function encode(message: TestMessage, backend: 'lmp' | 'ump', token = 0x1234): Frames {
  const frames = new Frames();
  test.encode(message, backend, token, frames);
  return frames;
}

describe('LMP encoding (test.if, as Barrelfish idctest sends it)', () => {
  it('basic(7): w0 = msgnum | token << 16, w1 = arg', () => {
    expect(fragments(encode({ type: 'basic', arg: 7 }, 'lmp', 0xdeadbeef))).toEqual([[3n | (0xdeadbeefn << 16n), 7n]]);
  });

  it('str: the fixed fragment, then the string as chunks of at most 10 words (len word first)', () => {
    const s = 'x'.repeat(100);
    const frames = encode({ type: 'str', arg: 9, s }, 'lmp');
    const sizes = Array.from({ length: frames.count }, (_, i) => frames.size(i));
    // 101 bytes with the NUL: 1 + 13 words = 14, sent as 10 + 4.
    expect(sizes).toEqual([2, 10, 4]);
    expect(frames.word(2)).toBe(101n);
    expect(frames.word(3)).toBe(0x7878787878787878n);
    expect(frames.word(15)).toBe(0x78_7878_7800n); // 5 bytes right-aligned: 4 x 'x' and the NUL
  });

  it('one_cap and caps: one cap per fragment, extra caps in 0-word fragments', () => {
    const a = capRef('Frame');
    const b = capRef('VNode');
    const one = encode({ type: 'one_cap', arg: 1, cap1: a }, 'lmp');
    expect(one.count).toBe(1);
    expect(one.cap(0)).toBe(a);
    const two = encode({ type: 'caps', arg: 69, cap1: a, cap2: b }, 'lmp');
    expect(fragments(two)).toEqual([[6n | (0x1234n << 16n), 69n], []]);
    expect([two.cap(0), two.cap(1)]).toEqual([a, b]);
    expect([two.capGivenAway(0), two.capGivenAway(1)]).toEqual([false, true]);
  });

  it('buf: a header-only fragment, then the buffer', () => {
    const frames = encode({ type: 'buf', buf: Uint8Array.of(1, 2, 3) }, 'lmp');
    expect(fragments(frames)).toEqual([[7n | (0x1234n << 16n)], [3n, 0x010203n]]);
  });

  it('e10k.register_queue_memory: small fields below the token, the 8-bit field straddling bit 32', () => {
    const [tx, txhwb, rx] = [capRef('Frame'), capRef('Frame'), capRef('Frame')];
    const frames = new Frames();
    e10k.encode(
      {
        type: 'register_queue_memory',
        id: 0xab,
        tx,
        txhwb,
        rx,
        rxbufsz: 2048,
        rxhdrsz: 128,
        msixIntvec: -2,
        msixIntdest: 0xcd,
        useIrq: true,
        useRsc: false,
        txVa: 0xffff_0000_0000_1000n,
        rxVa: 2n,
        txhwbVa: 3n,
      },
      'lmp',
      7,
      frames,
    );
    // w0 = msgnum[0,16) use_irq[16,17) use_rsc[17,18) id[18,26) msix_intdest[26,34) msix_intvec[34,50)
    const w0 = 5n | (1n << 16n) | (0xabn << 18n) | (0xcdn << 26n) | (0xfffen << 34n);
    expect(fragments(frames)).toEqual([[w0, 7n | (2048n << 32n), 128n, 0xffff_0000_0000_1000n, 2n, 3n], [], []]);
    expect([frames.cap(0), frames.cap(1), frames.cap(2)]).toEqual([tx, txhwb, rx]);
  });

  it('masks negative fields instead of letting them spill into their neighbours (the reference does not)', () => {
    const frames = new Frames();
    e10k.encode({ type: 'fsb_payload_request', word0: -1, word1: 0, word2: 5, word3: -2 }, 'ump', 0, frames);
    expect(fragments(frames)).toEqual([[0xffffffffn, 5n | (0xfffffffen << 32n)]]);
  });
});

describe('UMP encoding', () => {
  it('no message number or token in the data words', () => {
    const frames = encode({ type: 'basic', arg: 7 }, 'ump', 99);
    expect(fragments(frames)).toEqual([[7n]]);
    expect([frames.msgnum, frames.token]).toEqual([3, 99]);
  });

  it('strings in slots of 7 words: the first holds the length and 48 bytes', () => {
    const frames = encode({ type: 'str', arg: 1, s: 'y'.repeat(47) }, 'ump');
    expect(Array.from({ length: frames.count }, (_, i) => frames.size(i))).toEqual([1, 7]);
    const longer = encode({ type: 'str', arg: 1, s: 'y'.repeat(48) }, 'ump');
    expect(Array.from({ length: longer.count }, (_, i) => longer.size(i))).toEqual([1, 7, 1]);
  });

  it('caps go through the monitor in declaration order, none in the slots', () => {
    const [a, b] = [capRef('Frame'), capRef('VNode')];
    const frames = encode({ type: 'caps', arg: 69, cap1: a, cap2: b }, 'ump');
    expect(fragments(frames)).toEqual([[69n]]);
    expect(frames.caps).toEqual([a, b]);
    expect(frames.giveAway).toEqual([false, true]);
    expect(frames.cap(0)).toBeUndefined();
  });

  it('a message with only a buffer has no fixed slot', () => {
    const frames = encode({ type: 'buf', buf: new Uint8Array(0) }, 'ump');
    expect(fragments(frames)).toEqual([[0n]]);
  });
});

describe('decode(encode(m))', () => {
  const cases: TestMessage[] = [
    { type: 'basic', arg: 0xffffffff },
    { type: 'str', arg: 1, s: '' },
    { type: 'str', arg: 2, s: 'grüße, 世界 🐟'.repeat(20) },
    { type: 'one_cap', arg: 3, cap1: capRef('Frame') },
    { type: 'caps', arg: 4, cap1: capRef('Frame'), cap2: capRef('CNode') },
    { type: 'buf', buf: new Uint8Array(2048).map((_, i) => i * 7) },
    { type: 'basic_rpc_response', result: 42 },
  ];
  for (const backend of ['lmp', 'ump'] as const) {
    it(`gives the message back over ${backend}`, () => {
      for (const message of cases) {
        const frames = encode(message, backend);
        expect(test.decode(frames, backend)).toEqual(message);
      }
    });
  }

  it('round-trips enums, signed 64-bit values and struct fields', () => {
    const frames = new Frames();
    const message = {
      type: 'mixed',
      kind: 'PORT_UDP',
      delta: -(2n ** 63n),
      addr: { bus: 255, device: 0 },
      name: 'eth0',
    } as const;
    for (const backend of ['lmp', 'ump'] as const) {
      e10k.encode(message, backend, 5, frames);
      expect(e10k.decode(frames, backend)).toEqual(message);
    }
    expect(frames.word(0)).toBe(255n | (1n << 16n)); // UMP: bus, device, then kind (index 1)
  });
});

describe('limits and bad values', () => {
  it('a string whose UTF-8 needs N bytes or more fails with TX_MSG_SIZE', () => {
    const message = { type: 'mixed', kind: 'PORT_TCP', delta: 0n, addr: { bus: 0, device: 0 } } as const;
    const frames = new Frames();
    e10k.encode({ ...message, name: 'a'.repeat(15) }, 'lmp', 0, frames);
    expectFlounderError('FLOUNDER_ERR_TX_MSG_SIZE', /mixed: name needs 16 or more bytes.*at most 15/, () =>
      e10k.encode({ ...message, name: 'a'.repeat(16) }, 'lmp', 0, frames),
    );
    // ü takes two bytes: 13 + 1 characters are 15 bytes and fit, 14 + 1 are 16 and do not.
    e10k.encode({ ...message, name: `${'a'.repeat(13)}ü` }, 'lmp', 0, frames);
    expectFlounderError('FLOUNDER_ERR_TX_MSG_SIZE', /needs 16 bytes/, () =>
      e10k.encode({ ...message, name: `${'a'.repeat(14)}ü` }, 'ump', 0, frames),
    );
  });

  it('a buffer longer than N fails with TX_MSG_SIZE; exactly N is fine', () => {
    encode({ type: 'buf', buf: new Uint8Array(2048) }, 'lmp');
    expectFlounderError('FLOUNDER_ERR_TX_MSG_SIZE', /buf: buf has 2049 bytes, more than the 2048 declared/, () =>
      encode({ type: 'buf', buf: new Uint8Array(2049) }, 'lmp'),
    );
  });

  it('integers out of range, non-integers and wrong types fail with BAD_ARGUMENT naming message and field', () => {
    const bad: [unknown, RegExp][] = [
      [-1, /basic: arg must be an integer from 0 to 4294967295, got -1/],
      [2 ** 32, /got 4294967296/],
      [1.5, /got 1.5/],
      [NaN, /got NaN/],
      ['7', /got "7"/],
      [7n, /got 7n/],
      [undefined, /got undefined/],
    ];
    for (const [arg, text] of bad) {
      expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', text, () =>
        encode({ type: 'basic', arg } as unknown as TestMessage, 'lmp'),
      );
    }
  });

  it('checks every kind of field', () => {
    const frames = new Frames();
    const good = {
      type: 'register_queue_memory',
      id: 1,
      tx: capRef('Frame'),
      txhwb: capRef('Frame'),
      rx: capRef('Frame'),
      rxbufsz: 1,
      rxhdrsz: 1,
      msixIntvec: 1,
      msixIntdest: 1,
      useIrq: true,
      useRsc: true,
      txVa: 1n,
      rxVa: 1n,
      txhwbVa: 1n,
    } as const;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ id: 256 }, /id must be an integer from 0 to 255, got 256/],
      [{ msixIntvec: 32768 }, /msixIntvec must be an integer from -32768 to 32767/],
      [{ useIrq: 1 }, /useIrq must be a boolean, got 1/],
      [{ txVa: -1n }, /txVa must be a bigint from 0n to 2n \*\* 64n - 1n, got -1n/],
      [{ txVa: 2n ** 64n }, /txVa must be a bigint/],
      [{ txVa: 5 }, /txVa must be a bigint.*got 5$/],
      [{ rx: null }, /rx must be a capability reference, got null/],
    ];
    for (const [change, text] of cases) {
      expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', text, () =>
        e10k.encode({ ...good, ...change } as typeof good, 'lmp', 0, frames),
      );
    }
    const mixed = { type: 'mixed', kind: 'PORT_TCP', delta: 0n, addr: { bus: 0, device: 0 }, name: '' } as const;
    expectFlounderError(
      'FLOUNDER_ERR_BAD_ARGUMENT',
      /kind must be one of 'PORT_TCP', 'PORT_UDP', got "PORT_SCTP"/,
      () => e10k.encode({ ...mixed, kind: 'PORT_SCTP' } as unknown as typeof mixed, 'lmp', 0, frames),
    );
    expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', /delta must be a bigint from -\(2n \*\* 63n\)/, () =>
      e10k.encode({ ...mixed, delta: 2n ** 63n }, 'lmp', 0, frames),
    );
    expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', /addr.bus must be an integer from 0 to 255, got undefined/, () =>
      e10k.encode({ ...mixed, addr: undefined } as unknown as typeof mixed, 'lmp', 0, frames),
    );
    expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', /name must be a string without NUL/, () =>
      e10k.encode({ ...mixed, name: 'a\0b' }, 'lmp', 0, frames),
    );
    expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', /name must be a well-formed string/, () =>
      e10k.encode({ ...mixed, name: '\ud800' }, 'lmp', 0, frames),
    );
    expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', /buf must be a Uint8Array, got an array/, () =>
      encode({ type: 'buf', buf: [1, 2] } as unknown as TestMessage, 'lmp'),
    );
    expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', /no message 'nope'/, () =>
      encode({ type: 'nope' } as unknown as TestMessage, 'lmp'),
    );
    expectFlounderError('FLOUNDER_ERR_BAD_ARGUMENT', /the token must be an integer/, () =>
      encode({ type: 'basic', arg: 1 }, 'lmp', -1),
    );
  });

  it('refuses UMP for a message laid out as unsupported there', () => {
    const monitor = defineInterface<{ type: 'alloc_iref_request'; serviceId: bigint }>({
      name: 'monitor',
      messages: {
        alloc_iref_request: {
          number: 3,
          fields: { serviceId: 'uintptr' },
          lmp: [['MSGNUM TOKEN', 'serviceId']],
          ump: { unsupported: 'not compilable for UMP (intptr/uintptr/size are non-portable)' },
        },
      },
    });
    const frames = new Frames();
    monitor.encode({ type: 'alloc_iref_request', serviceId: 2n ** 64n - 1n }, 'lmp', 0, frames);
    expect(monitor.decode(frames, 'lmp')).toEqual({ type: 'alloc_iref_request', serviceId: 2n ** 64n - 1n });
    expectFlounderError('FLOUNDER_ERR_UMP_UNSUPPORTED', /alloc_iref_request: not compilable for UMP/, () =>
      monitor.encode({ type: 'alloc_iref_request', serviceId: 1n }, 'ump', 0, frames),
    );
  });
});

describe('schema checks', () => {
  const define = (lmp: string[]) => () =>
    defineInterface<{ type: 'm' }>({
      name: 'x',
      messages: { m: { number: 3, fields: { a: 'uint32', b: 'uint64' }, lmp: [lmp], ump: [['a', 'b']] } },
    });

  it('refuses layouts that leave out a field, repeat one, overfill a word or misplace a 64-bit field', () => {
    expect(define(['MSGNUM TOKEN', 'a'])).toThrow(/'b' is not in the layout/);
    expect(define(['MSGNUM TOKEN', 'a a', 'b'])).toThrow(/'a' appears twice/);
    expect(define(['MSGNUM TOKEN a', 'b'])).toThrow(/more than 64 bits/);
    expect(define(['MSGNUM TOKEN', 'a b'])).toThrow(/more than 64 bits/);
    expect(define(['TOKEN MSGNUM', 'a', 'b'])).toThrow(/MSGNUM must be bits 0-15/);
    expect(define(['MSGNUM', 'a', 'b'])).toThrow(/needs MSGNUM and TOKEN/);
    expect(define(['MSGNUM TOKEN', 'a', 'c'])).toThrow(/no field 'c'/);
    expect(define(Array.from({ length: 11 }, () => ''))).toThrow(/fragment of 11 words/);
  });
});
