/**
 * Property tests over every message of every corpus interface, for LMP and UMP, through the
 * generated modules and the runtime's codecs:
 * - decode(encode(m)) equals m, directly and after the fragments have gone one by one through
 *   a reassembler (UMP slots padded with stale words, caps through the monitor);
 * - every encoded word equals an oracle that knows nothing of our layout or codecs: it places
 *   each field of m at the `[lo, hi)` bits the reference compiler's layout JSON gives it, and
 *   packs strings and buffers by the rule of Flounder's C support code.
 *
 * Runs per message and back end: 15 here; FLOUNDER_PROPERTY_RUNS=500 for a long run.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Frames,
  Reassembler,
  UMP_WORDS,
  type Backend,
  type CapRef,
  type InterfaceDescriptor,
  type MessageCodec,
} from '@flounder-ts/runtime';
import { Names } from '../../src/codegen/names.js';
import {
  resolve,
  type Argument,
  type BuiltinTypeName,
  type Interface,
  type Message,
  type Type,
} from '../../src/index.js';
import { CORPUS_DIR, CORPUS_SKIP_NOTE, corpusAvailable, corpusInterfaces, warnIfCorpusMissing } from '../corpus.js';
import { generateCorpus, type GeneratedSet } from './generated.js';

warnIfCorpusMissing('codec property tests');

const RUNS = Number(process.env['FLOUNDER_PROPERTY_RUNS'] ?? 15);

type Value = unknown;
type AnyMessage = { readonly type: string; readonly [key: string]: Value };

// ---- Random messages, from the checked model ----

const INTEGERS: Partial<Record<BuiltinTypeName, [number, number]>> = {
  uint8: [0, 0xff],
  char: [0, 0xff],
  uint16: [0, 0xffff],
  uint32: [0, 0xffff_ffff],
  iref: [0, 0xffff_ffff],
  errval: [0, 0xffff_ffff],
  int8: [-0x80, 0x7f],
  int16: [-0x8000, 0x7fff],
  int32: [-0x8000_0000, 0x7fff_ffff],
};

function builtinArbitrary(name: BuiltinTypeName): fc.Arbitrary<Value> {
  const range = INTEGERS[name];
  if (range) return fc.integer({ min: range[0], max: range[1] });
  switch (name) {
    case 'uint64':
    case 'uintptr':
    case 'size':
      return fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
    case 'int64':
    case 'intptr':
      return fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
    case 'bool':
      return fc.boolean();
    default: // cap, give_away_cap: an opaque reference the codec carries as it is
      return fc.constantFrom('Frame', 'EndPointLMP', 'CNode').map((type): CapRef => ({ type }));
  }
}

function typeArbitrary(names: Names, type: Type): fc.Arbitrary<Value> {
  const t = resolve(type);
  switch (t.kind) {
    case 'builtin':
      return builtinArbitrary(t.name);
    case 'enum':
      return fc.constantFrom(...t.items.map((i) => i.name));
    case 'struct':
      return fc.record(Object.fromEntries(t.fields.map((f) => [names.field(t, f), typeArbitrary(names, f.type)])));
    case 'array':
      return fc.tuple(...Array.from({ length: t.length }, () => typeArbitrary(names, t.element)));
  }
}

const utf8 = new TextEncoder();

function argumentArbitrary(names: Names, argument: Argument): fc.Arbitrary<Value> {
  switch (argument.kind) {
    case 'plain':
      return typeArbitrary(names, argument.type);
    case 'string': {
      // Any Unicode text without NUL whose UTF-8 fits beside the NUL, and the longest ASCII that fits.
      const max = argument.maxSize;
      const text = fc
        .string({ unit: 'binary', maxLength: Math.min(120, max - 1) })
        .filter((s) => !s.includes('\0') && utf8.encode(s).length < max);
      return fc.oneof({ arbitrary: text, weight: 4 }, { arbitrary: fc.constant('x'.repeat(max - 1)), weight: 1 });
    }
    case 'dynamic-array': {
      const max = argument.maxLength;
      return fc.oneof(
        { arbitrary: fc.uint8Array({ maxLength: Math.min(200, max) }), weight: 4 },
        { arbitrary: fc.uint8Array({ minLength: max, maxLength: max }), weight: 1 },
      );
    }
  }
}

function messageArbitrary(names: Names, message: Message): fc.Arbitrary<AnyMessage> {
  const args = Object.fromEntries(
    message.arguments.map((a) => [names.argument(message, a), argumentArbitrary(names, a)]),
  );
  return fc.record(args).map((values) => ({ type: message.name, ...values }));
}

// ---- The oracle: the reference layout's bit ranges, applied with BigInt arithmetic ----

interface ReferenceField {
  readonly lo: number;
  readonly hi: number;
  readonly field: string;
}
type ReferenceFragment =
  | {
      readonly words: readonly (readonly ReferenceField[])[];
      readonly cap?: { readonly arg: string; readonly transfer: string };
    }
  | { readonly overflow: 'string' | 'buffer'; readonly arg: string };
interface ReferenceMessage {
  readonly name: string;
  readonly msgnum: number;
  readonly lmp: { readonly fragments: readonly ReferenceFragment[] };
  readonly ump:
    | {
        readonly fragments: readonly ReferenceFragment[];
        readonly capsViaMonitor: readonly { arg: string; transfer: string }[];
      }
    | { readonly unsupported: string };
}

/** The value of the reference field `addr.bus` (or `cores[2]`) in `message`, with its type. */
function fieldValue(names: Names, model: Message, message: AnyMessage, path: string): { value: Value; type: Type } {
  const steps = path.split(/\.|(?=\[)/);
  const argument = model.arguments.find((a) => a.name === steps[0]) as Argument & { type: Type };
  let value = message[names.argument(model, argument)];
  let type = argument.type;
  for (const step of steps.slice(1)) {
    const t = resolve(type);
    if (step.startsWith('[') && t.kind === 'array') {
      value = (value as Value[])[Number(step.slice(1, -1))];
      type = t.element;
    } else if (t.kind === 'struct') {
      const field = t.fields.find((f) => f.name === step)!;
      value = (value as Record<string, Value>)[names.field(t, field)];
      type = field.type;
    }
  }
  return { value, type };
}

/** A value's bits, two's complement, cut to `bits`. */
function wireBits(value: Value, type: Type, bits: number): bigint {
  const t = resolve(type);
  const n =
    t.kind === 'enum'
      ? BigInt(t.items.findIndex((i) => i.name === value))
      : typeof value === 'boolean'
        ? BigInt(value)
        : BigInt(value as number | bigint);
  return BigInt.asUintN(bits, n);
}

/** Bytes in words as flounder_support.c packs them: first byte highest, last word right-aligned. */
function byteWords(bytes: Uint8Array): bigint[] {
  const words: bigint[] = [];
  for (let at = 0; at < bytes.length; at += 8) {
    const chunk = bytes.subarray(at, at + 8);
    words.push(chunk.reduce((word, byte, i) => word | (BigInt(byte) << BigInt(8 * (chunk.length - 1 - i))), 0n));
  }
  return words;
}

function overflowBytes(value: Value, kind: 'string' | 'buffer'): Uint8Array {
  return kind === 'string' ? utf8.encode(`${value as string}\0`) : (value as Uint8Array);
}

/** Checks every word of `frames` against the reference layout of `message`. */
function expectReferenceWords(
  names: Names,
  model: Message,
  reference: ReferenceMessage,
  backend: Backend,
  message: AnyMessage,
  token: number,
  frames: Frames,
): void {
  const layout = reference[backend];
  if ('unsupported' in layout) throw new Error('no layout');
  const words = (i: number) => Array.from({ length: frames.size(i) }, (_, w) => frames.word(frames.start(i) + w));
  let i = 0;
  for (const fragment of layout.fragments) {
    if ('words' in fragment) {
      const expected = fragment.words.map((word) =>
        word.reduce((bits, { lo, hi, field }) => {
          let value: bigint;
          if (field === 'MSGNUM') value = BigInt(reference.msgnum);
          else if (field === 'TOKEN') value = BigInt(token);
          else {
            const { value: v, type } = fieldValue(names, model, message, field);
            value = wireBits(v, type, hi - lo);
          }
          return bits | (value << BigInt(lo));
        }, 0n),
      );
      expect(words(i)).toEqual(expected);
      const cap =
        fragment.cap &&
        message[
          names.argument(
            model,
            model.arguments.find((a) => a.name === fragment.cap!.arg)!,
          )
        ];
      expect(frames.cap(i)).toBe(cap);
      i++;
    } else {
      const argument = model.arguments.find((a) => a.name === fragment.arg)!;
      const bytes = overflowBytes(message[names.argument(model, argument)], fragment.overflow);
      const stream = [BigInt(bytes.length), ...byteWords(bytes)];
      const chunk = backend === 'lmp' ? 10 : UMP_WORDS;
      for (let at = 0; at < stream.length; at += chunk) expect(words(i++)).toEqual(stream.slice(at, at + chunk));
    }
  }
  expect(i).toBe(frames.count);
  if ('capsViaMonitor' in layout) {
    const argument = (name: string) => model.arguments.find((a) => a.name === name)!;
    expect(frames.caps).toEqual(layout.capsViaMonitor.map((c) => message[names.argument(model, argument(c.arg))]));
    expect(frames.giveAway).toEqual(layout.capsViaMonitor.map((c) => c.transfer === 'GiveAway'));
  }
}

/** Delivers `frames` fragment by fragment, as the kernel would, and returns what comes out. */
function deliver(rx: Reassembler, backend: Backend, frames: Frames): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < frames.count; i++) {
    let message: unknown;
    if (backend === 'lmp') message = rx.pushLmp(frames.u32, frames.start(i), frames.size(i), frames.cap(i));
    else {
      const slot = new Uint32Array(UMP_WORDS * 2).fill(0xa5a5a5a5);
      slot.set(frames.u32.subarray(frames.start(i) * 2, (frames.start(i) + frames.size(i)) * 2));
      message = rx.pushUmp(slot, 0, frames.msgnum, frames.token);
    }
    if (message !== undefined) out.push(message);
  }
  if (backend === 'ump') {
    frames.caps.forEach((cap, capid) => {
      const message = rx.pushCap(capid, cap);
      if (message !== undefined) out.push(message);
    });
  }
  return out;
}

describe.skipIf(!corpusAvailable)(`codecs of every corpus message${CORPUS_SKIP_NOTE}`, () => {
  let generated: GeneratedSet;
  beforeAll(async () => {
    generated = await generateCorpus('roundtrip', false);
  }, 120_000);
  afterAll(() => generated?.remove());

  const names = corpusInterfaces().map((i) => i.file.replace(/^if\/|\.if$/g, ''));

  it.each(names)(
    '%s: decode(encode(m)) = m and every word is where the reference puts it',
    async (name) => {
      const model: Interface = generated.interfaces.find((i) => i.name === name)!;
      const naming = new Names(model);
      const module = (await import(pathToFileURL(generated.files.get(name)!).href)) as Record<string, unknown>;
      const descriptor = module[naming.descriptor] as InterfaceDescriptor;
      const reference = JSON.parse(readFileSync(`${CORPUS_DIR}layouts/${name}.json`, 'utf8')) as {
        messages: ReferenceMessage[];
      };
      const frames = new Frames();
      let checked = 0;
      for (const message of model.messages) {
        const codec = descriptor.codec(message.name) as unknown as MessageCodec<AnyMessage>;
        const ref = reference.messages.find((m) => m.name === message.name)!;
        for (const backend of ['lmp', 'ump'] as const) {
          if ('unsupported' in ref[backend]) {
            expect(() => codec.encode({ type: message.name }, backend, 0, frames)).toThrow(/UMP/);
            continue;
          }
          const rx = new Reassembler(descriptor, backend);
          fc.assert(
            fc.property(messageArbitrary(naming, message), fc.integer({ min: 0, max: 0xffff_ffff }), (m, token) => {
              codec.encode(m, backend, token, frames);
              expectReferenceWords(naming, message, ref, backend, m, token, frames);
              expect(codec.decode(frames, backend)).toEqual(m);
              expect(frames.token).toBe(token);
              expect(deliver(rx, backend, frames)).toEqual([m]);
              expect(rx.frames.token).toBe(token);
            }),
            { numRuns: RUNS },
          );
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    },
    120_000,
  );
});
