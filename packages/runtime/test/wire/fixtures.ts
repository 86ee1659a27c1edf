/**
 * Schemas written by hand, as a generated module would declare them, for Barrelfish's
 * `test.if` (the idctest interface) and a few corpus messages with awkward layouts. The
 * layouts are the reference compiler's (flounder-wire-format.md, corpus layouts).
 */
import { expect } from 'vitest';
import { defineInterface, FlounderError, type CapRef, type ErrorCode } from '@flounder-ts/runtime';

export type TestMessage =
  | { readonly type: 'basic'; readonly arg: number }
  | { readonly type: 'str'; readonly arg: number; readonly s: string }
  | { readonly type: 'one_cap'; readonly arg: number; readonly cap1: CapRef }
  | { readonly type: 'caps'; readonly arg: number; readonly cap1: CapRef; readonly cap2: CapRef }
  | { readonly type: 'buf'; readonly buf: Uint8Array }
  | { readonly type: 'basic_rpc_call'; readonly arg: number }
  | { readonly type: 'basic_rpc_response'; readonly result: number };

export const test = defineInterface<TestMessage>({
  name: 'test',
  messages: {
    basic: { number: 3, fields: { arg: 'uint32' }, lmp: [['MSGNUM TOKEN', 'arg']], ump: [['arg']] },
    str: {
      number: 4,
      fields: { arg: 'uint32', s: { string: 2048 } },
      lmp: [['MSGNUM TOKEN', 'arg'], { overflow: 's' }],
      ump: [['arg'], { overflow: 's' }],
    },
    one_cap: {
      number: 5,
      fields: { arg: 'uint32', cap1: 'cap' },
      lmp: [{ words: ['MSGNUM TOKEN', 'arg'], cap: 'cap1' }],
      ump: [['arg']],
    },
    caps: {
      number: 6,
      fields: { arg: 'uint32', cap1: 'cap', cap2: 'give_away_cap' },
      lmp: [
        { words: ['MSGNUM TOKEN', 'arg'], cap: 'cap1' },
        { words: [], cap: 'cap2' },
      ],
      ump: [['arg']],
    },
    buf: {
      number: 7,
      fields: { buf: { buffer: 2048 } },
      lmp: [['MSGNUM TOKEN'], { overflow: 'buf' }],
      ump: [{ overflow: 'buf' }],
    },
    basic_rpc_call: {
      number: 8,
      kind: 'call',
      rpc: 'basic_rpc',
      fields: { arg: 'uint32' },
      lmp: [['MSGNUM TOKEN', 'arg']],
      ump: [['arg']],
    },
    basic_rpc_response: {
      number: 9,
      kind: 'response',
      rpc: 'basic_rpc',
      fields: { result: 'uint32' },
      lmp: [['MSGNUM TOKEN', 'result']],
      ump: [['result']],
    },
  },
});

/** e10k.register_queue_memory: 1-, 8- and 16-bit fields, one straddling the word's halves, three caps. */
export type RegisterQueueMemory = {
  readonly type: 'register_queue_memory';
  readonly id: number;
  readonly tx: CapRef;
  readonly txhwb: CapRef;
  readonly rx: CapRef;
  readonly rxbufsz: number;
  readonly rxhdrsz: number;
  readonly msixIntvec: number;
  readonly msixIntdest: number;
  readonly useIrq: boolean;
  readonly useRsc: boolean;
  readonly txVa: bigint;
  readonly rxVa: bigint;
  readonly txhwbVa: bigint;
};

/** bench.fsb_payload_request: four int32s, two to a word (negative values must not spill). */
export type Payload = {
  readonly type: 'fsb_payload_request';
  readonly word0: number;
  readonly word1: number;
  readonly word2: number;
  readonly word3: number;
};

/** A message with an enum, a 64-bit signed value, a struct and a short string. */
export type Mixed = {
  readonly type: 'mixed';
  readonly kind: 'PORT_TCP' | 'PORT_UDP';
  readonly delta: bigint;
  readonly addr: { readonly bus: number; readonly device: number };
  readonly name: string;
};

/** The items of the `port_type` enum, as a generated module declares them. */
export const PortType = { PORT_TCP: 'PORT_TCP', PORT_UDP: 'PORT_UDP' } as const;

export const e10k = defineInterface<RegisterQueueMemory | Payload | Mixed>({
  name: 'e10k',
  messages: {
    register_queue_memory: {
      number: 5,
      fields: {
        id: 'uint8',
        tx: 'cap',
        txhwb: 'cap',
        rx: 'cap',
        rxbufsz: 'uint32',
        rxhdrsz: 'uint32',
        msixIntvec: 'int16',
        msixIntdest: 'uint8',
        useIrq: 'bool',
        useRsc: 'bool',
        txVa: 'uint64',
        rxVa: 'uint64',
        txhwbVa: 'uint64',
      },
      lmp: [
        {
          words: [
            'MSGNUM useIrq useRsc id msixIntdest msixIntvec',
            'TOKEN rxbufsz',
            'rxhdrsz',
            'txVa',
            'rxVa',
            'txhwbVa',
          ],
          cap: 'tx',
        },
        { words: [], cap: 'txhwb' },
        { words: [], cap: 'rx' },
      ],
      ump: [['useIrq useRsc id msixIntdest msixIntvec', 'rxbufsz rxhdrsz', 'txVa', 'rxVa', 'txhwbVa']],
    },
    fsb_payload_request: {
      number: 16,
      fields: { word0: 'int32', word1: 'int32', word2: 'int32', word3: 'int32' },
      lmp: [['MSGNUM TOKEN', 'word0 word1', 'word2 word3']],
      ump: [['word0 word1', 'word2 word3']],
    },
    mixed: {
      number: 20,
      fields: {
        kind: { enum: PortType },
        delta: 'int64',
        'addr.bus': 'uint8',
        'addr.device': 'uint8',
        name: { string: 16 },
      },
      lmp: [['MSGNUM addr.bus addr.device TOKEN', 'kind', 'delta'], { overflow: 'name' }],
      ump: [['addr.bus addr.device kind', 'delta'], { overflow: 'name' }],
    },
  },
});

/** A stand-in capability reference (the codecs only carry caps; the machine resolves them). */
export function capRef(type: string): CapRef {
  return { type };
}

/** Expects `f` to throw a `FlounderError` with `code` and a message matching `text`. */
export function expectFlounderError(code: ErrorCode, text: RegExp, f: () => unknown): void {
  let thrown: unknown;
  try {
    f();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(FlounderError);
  expect((thrown as FlounderError).code).toBe(code);
  expect((thrown as FlounderError).message).toMatch(text);
}
