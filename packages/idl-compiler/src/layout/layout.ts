/**
 * The wire layout of a message, per back end: its fragments, each either 64-bit words with
 * the bit range of every field, or an overflow field (a string or a dynamic array) sent in
 * chunks of its own. Computed as the reference Flounder computes it for x86_64
 * (`MsgFragments.hs`), so that messages interoperate bit for bit.
 * @module
 */
import type { Interface, Message } from '../model.js';
import { lmpLayout } from './lmp.js';
import { umpLayout } from './ump.js';
import { messageValues, type CapValue, type OverflowValue, type ScalarValue, type WireValue } from './values.js';

/** A field in a word: bits `[lo, hi)`. `MSGNUM` and `TOKEN` are LMP's header fields. */
export interface Slot {
  readonly field: ScalarValue | 'MSGNUM' | 'TOKEN';
  readonly lo: number;
  readonly hi: number;
}

/** One 64-bit word: its fields from bit 0 upwards. */
export type Word = readonly Slot[];

export type Fragment =
  /** Fixed fields; over LMP it may carry one cap. */
  | {
      readonly kind: 'words';
      readonly words: readonly Word[];
      readonly cap?: CapValue;
    }
  /** A string or a dynamic array, sent as chunks after the fixed fragments. */
  | { readonly kind: 'overflow'; readonly value: OverflowValue };

/** LMP: each fragment is one LMP message of at most 10 words, word 0 of the first holding the header. */
export interface LmpLayout {
  readonly fragments: readonly Fragment[];
}

/** UMP: each fragment fills 64-byte slots of 7 data words; caps go through the monitor. */
export interface UmpLayout {
  readonly fragments: readonly Fragment[];
  readonly capsViaMonitor: readonly CapValue[];
}

/** A message the reference refuses to send over UMP, and why. */
export interface UmpUnsupported {
  readonly unsupported: string;
}

export interface MessageLayout {
  readonly message: Message;
  /** Every value of the message in declaration order. */
  readonly values: readonly WireValue[];
  readonly lmp: LmpLayout;
  readonly ump: UmpLayout | UmpUnsupported;
}

export interface InterfaceLayout {
  readonly model: Interface;
  /** In message-number order. */
  readonly messages: readonly MessageLayout[];
}

export function layoutMessage(message: Message): MessageLayout {
  const values = messageValues(message);
  return { message, values, lmp: lmpLayout(values), ump: umpLayout(values) };
}

export function layoutInterface(model: Interface): InterfaceLayout {
  return { model, messages: model.messages.map(layoutMessage) };
}
