/**
 * Schemas written by hand, as a generated module would declare them, for Barrelfish's
 * `test.if` (the idctest interface) and a few corpus messages with awkward layouts. The
 * layouts are the reference compiler's (flounder-wire-format.md, corpus layouts).
 */
import { defineInterface, type CapRef } from '@flounder-ts/runtime';

export type TestMessage =
  | { readonly type: 'basic'; readonly arg: number }
  | { readonly type: 'str'; readonly arg: number; readonly s: string }
  | { readonly type: 'one_cap'; readonly arg: number; readonly cap1: CapRef }
  | { readonly type: 'caps'; readonly arg: number; readonly cap1: CapRef; readonly cap2: CapRef }
  | { readonly type: 'buf'; readonly buf: Uint8Array }
  | { readonly type: 'basic_rpc_call'; readonly arg: number }
  | { readonly type: 'basic_rpc_response'; readonly result: number };

const HDR = ['MSGNUM', 'TOKEN'];

export const test = defineInterface<TestMessage>({
  name: 'test',
  messages: {
    basic: {
      number: 3,
      kind: 'message',
      fields: [{ name: 'arg', type: 'uint32' }],
      lmp: { fragments: [{ words: [HDR, ['arg']] }] },
      ump: { fragments: [{ words: [['arg']] }], capsViaMonitor: [] },
    },
    str: {
      number: 4,
      kind: 'message',
      fields: [
        { name: 'arg', type: 'uint32' },
        { name: 's', type: 'string', max: 2048 },
      ],
      lmp: { fragments: [{ words: [HDR, ['arg']] }, { overflow: 's' }] },
      ump: { fragments: [{ words: [['arg']] }, { overflow: 's' }], capsViaMonitor: [] },
    },
    one_cap: {
      number: 5,
      kind: 'message',
      fields: [
        { name: 'arg', type: 'uint32' },
        { name: 'cap1', type: 'cap' },
      ],
      lmp: { fragments: [{ words: [HDR, ['arg']], cap: 'cap1' }] },
      ump: { fragments: [{ words: [['arg']] }], capsViaMonitor: ['cap1'] },
    },
    caps: {
      number: 6,
      kind: 'message',
      fields: [
        { name: 'arg', type: 'uint32' },
        { name: 'cap1', type: 'cap' },
        { name: 'cap2', type: 'give_away_cap' },
      ],
      lmp: { fragments: [{ words: [HDR, ['arg']], cap: 'cap1' }, { words: [], cap: 'cap2' }] },
      ump: { fragments: [{ words: [['arg']] }], capsViaMonitor: ['cap1', 'cap2'] },
    },
    buf: {
      number: 7,
      kind: 'message',
      fields: [{ name: 'buf', type: 'buffer', max: 2048 }],
      lmp: { fragments: [{ words: [HDR] }, { overflow: 'buf' }] },
      ump: { fragments: [{ overflow: 'buf' }], capsViaMonitor: [] },
    },
    basic_rpc_call: {
      number: 8,
      kind: 'call',
      rpc: 'basic_rpc',
      fields: [{ name: 'arg', type: 'uint32' }],
      lmp: { fragments: [{ words: [HDR, ['arg']] }] },
      ump: { fragments: [{ words: [['arg']] }], capsViaMonitor: [] },
    },
    basic_rpc_response: {
      number: 9,
      kind: 'response',
      rpc: 'basic_rpc',
      fields: [{ name: 'result', type: 'uint32' }],
      lmp: { fragments: [{ words: [HDR, ['result']] }] },
      ump: { fragments: [{ words: [['result']] }], capsViaMonitor: [] },
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

export const e10k = defineInterface<RegisterQueueMemory | Payload | Mixed>({
  name: 'e10k',
  messages: {
    register_queue_memory: {
      number: 5,
      kind: 'message',
      fields: [
        { name: 'id', type: 'uint8' },
        { name: 'tx', type: 'cap' },
        { name: 'txhwb', type: 'cap' },
        { name: 'rx', type: 'cap' },
        { name: 'rxbufsz', type: 'uint32' },
        { name: 'rxhdrsz', type: 'uint32' },
        { name: 'msixIntvec', type: 'int16' },
        { name: 'msixIntdest', type: 'uint8' },
        { name: 'useIrq', type: 'bool' },
        { name: 'useRsc', type: 'bool' },
        { name: 'txVa', type: 'uint64' },
        { name: 'rxVa', type: 'uint64' },
        { name: 'txhwbVa', type: 'uint64' },
      ],
      lmp: {
        fragments: [
          {
            words: [
              ['MSGNUM', 'useIrq', 'useRsc', 'id', 'msixIntdest', 'msixIntvec'],
              ['TOKEN', 'rxbufsz'],
              ['rxhdrsz'],
              ['txVa'],
              ['rxVa'],
              ['txhwbVa'],
            ],
            cap: 'tx',
          },
          { words: [], cap: 'txhwb' },
          { words: [], cap: 'rx' },
        ],
      },
      ump: {
        fragments: [
          {
            words: [
              ['useIrq', 'useRsc', 'id', 'msixIntdest', 'msixIntvec'],
              ['rxbufsz', 'rxhdrsz'],
              ['txVa'],
              ['rxVa'],
              ['txhwbVa'],
            ],
          },
        ],
        capsViaMonitor: ['tx', 'txhwb', 'rx'],
      },
    },
    fsb_payload_request: {
      number: 16,
      kind: 'message',
      fields: [
        { name: 'word0', type: 'int32' },
        { name: 'word1', type: 'int32' },
        { name: 'word2', type: 'int32' },
        { name: 'word3', type: 'int32' },
      ],
      lmp: { fragments: [{ words: [HDR, ['word0', 'word1'], ['word2', 'word3']] }] },
      ump: { fragments: [{ words: [['word0', 'word1'], ['word2', 'word3']] }], capsViaMonitor: [] },
    },
    mixed: {
      number: 20,
      kind: 'message',
      fields: [
        { name: 'kind', type: 'enum', items: ['PORT_TCP', 'PORT_UDP'] },
        { name: 'delta', type: 'int64' },
        { name: 'addr.bus', type: 'uint8' },
        { name: 'addr.device', type: 'uint8' },
        { name: 'name', type: 'string', max: 16 },
      ],
      lmp: {
        fragments: [{ words: [['MSGNUM', 'addr.bus', 'addr.device', 'TOKEN'], ['kind'], ['delta']] }, { overflow: 'name' }],
      },
      ump: { fragments: [{ words: [['addr.bus', 'addr.device', 'kind'], ['delta']] }, { overflow: 'name' }], capsViaMonitor: [] },
    },
  },
});

/** A stand-in capability reference (the codecs only carry caps; the machine resolves them). */
export function capRef(type: string): CapRef {
  return { type };
}
