/**
 * The receive side of the codecs: fragments arrive one at a time, as the kernel delivers
 * them, and come out as messages. This is the part of Flounder's receive stubs that knows the
 * layout (`rx_msgnum`, `rx_msg_fragment`, the string and buffer positions); the binding around
 * it owns the channel, the handlers and the acknowledgements.
 *
 * LMP: the first fragment of a message carries the message number in bits 0-15 of word 0;
 * every later LMP message belongs to the message being received until it is complete. Each
 * fragment's length is checked as Flounder does: exactly its word count, or, for fragments of
 * fewer than 4 words, up to 4 (LRPC pads). Caps arrive with the fragments the layout attaches
 * them to.
 *
 * UMP: every slot carries the message number and the token in its header; the binding hands
 * over the 7 data words and the header fields. Caps come separately through the monitor, in
 * declaration order, after the binding has answered the first slot with `FL_UMP_CAP_ACK`
 * (see {@link Reassembler.awaitingCaps}); the message is complete when its slots and its caps
 * are all in.
 * @module
 */

import { FlounderError } from '../errors.js';
import type { CapRef } from '../types.js';
import { wordsForBytes } from './bytes.js';
import { overflowLength, type MessageCodec } from './codec.js';
import { LMP_WORDS, LRPC_WORDS, UMP_WORDS, type Backend, type Plan } from './plan.js';
import { Frames } from './frames.js';
import type { InterfaceDescriptor } from './interface.js';
import type { AnyMessage } from './schema.js';

/** Reassembles the messages of one binding's receive direction over one back end. */
export class Reassembler<M extends AnyMessage = AnyMessage> {
  /** The frames of the message being received; after a message completes, its token is `frames.token`. */
  readonly frames = new Frames();
  private codec: MessageCodec<M> | undefined;
  private plan: Plan | undefined;
  private piece = 0;
  /** Words still to come of the overflow field being received; -1 before its first chunk. */
  private overflowLeft = -1;
  private capsLeft = 0;

  constructor(
    readonly descriptor: InterfaceDescriptor<M>,
    readonly backend: Backend,
  ) {}

  /** The message being received, or `undefined` between messages. */
  get receiving(): MessageCodec<M> | undefined {
    return this.codec;
  }

  /**
   * Whether the UMP message being received still waits for caps through the monitor. A
   * binding answers the first slot of such a message with `FL_UMP_CAP_ACK`.
   */
  get awaitingCaps(): boolean {
    return this.capsLeft > 0;
  }

  /** Drops the message being received (after an error, or when the binding goes away). */
  reset(): void {
    this.codec = undefined;
    this.plan = undefined;
    this.piece = 0;
    this.overflowLeft = -1;
    this.capsLeft = 0;
    this.frames.clear();
  }

  /**
   * One LMP message: `size` words at word `word` of `src` (32-bit halves, low first) and the
   * cap delivered with it. Returns the message when this completed it. Throws a
   * `FlounderError` (`RX_EMPTY_MSG`, `RX_INVALID_MSGNUM`, `RX_INVALID_LENGTH`) for a fragment
   * that does not fit the layout, and forgets the message.
   */
  pushLmp(src: Uint32Array, word: number, size: number, cap: CapRef | undefined): M | undefined {
    if (this.codec === undefined && word === 0 && size > 0 && cap === undefined) {
      // Most messages are one fragment: decode it where it arrived.
      const codec = this.descriptor.byNumber[src[0]! & 0xffff];
      if (codec !== undefined && codec.lmp.single && lmpLengthFits(size, codec.lmp.fixedWords)) {
        this.frames.msgnum = codec.number;
        return this.decodeSingle(codec, codec.lmp, src);
      }
    }
    try {
      if (this.codec === undefined) {
        if (size === 0)
          throw new FlounderError('FLOUNDER_ERR_RX_EMPTY_MSG', `${this.descriptor.name}: an LMP message without words`);
        this.begin(src[word * 2]! & 0xffff, 0);
      }
      const piece = this.plan!.pieces[this.piece]!;
      let take: number;
      if (piece.kind === 'fixed') {
        take = piece.words;
        if (piece.cap >= 0 !== (cap !== undefined))
          this.invalid(`fragment ${this.piece} ${cap ? 'carries an unexpected cap' : 'lacks its cap'}`);
        if (cap !== undefined) this.frames.caps.push(cap);
        this.piece++;
      } else {
        if (cap !== undefined) this.invalid('an overflow fragment carries a cap');
        take = this.overflowChunk(src, word, size, piece.max, LMP_WORDS, piece.field);
      }
      if (!lmpLengthFits(size, take)) this.invalid(`an LMP fragment of ${size} words where the layout has ${take}`);
      this.frames.appendWords(src, word, take);
      return this.completed();
    } catch (err) {
      this.reset();
      throw err;
    }
  }

  /**
   * One UMP slot: its 7 data words at word `word` of `src`, and the message number and token
   * from its header. Returns the message when this completed it (and no caps are awaited).
   */
  pushUmp(src: Uint32Array, word: number, msgnum: number, token: number): M | undefined {
    if (this.codec === undefined && word === 0) {
      // Most messages are one slot: decode it where it arrived.
      const codec = this.descriptor.byNumber[msgnum];
      const plan = codec?.ump;
      if (typeof plan === 'object' && plan.single) {
        this.frames.msgnum = msgnum;
        this.frames.token = token;
        return this.decodeSingle(codec!, plan, src);
      }
    }
    try {
      if (this.codec === undefined) this.begin(msgnum, token);
      else if (msgnum !== this.frames.msgnum) {
        throw new FlounderError(
          'FLOUNDER_ERR_RX_INVALID_MSGNUM',
          `${this.descriptor.name}: a slot of message ${msgnum} in the middle of message ${this.frames.msgnum}`,
        );
      }
      const piece = this.plan!.pieces[this.piece];
      if (piece === undefined) this.invalid('a slot after the last one (the message awaits its caps)');
      let take: number;
      if (piece.kind === 'fixed') {
        take = piece.words;
        this.piece++;
      } else {
        take = this.overflowChunk(src, word, UMP_WORDS, piece.max, UMP_WORDS, piece.field);
      }
      this.frames.appendWords(src, word, take);
      return this.completed();
    } catch (err) {
      this.reset();
      throw err;
    }
  }

  /** A cap of the UMP message being received, sent through the monitor with its `capid`. */
  pushCap(capid: number, cap: CapRef): M | undefined {
    try {
      if (this.codec === undefined || this.capsLeft === 0) this.invalid(`an unexpected cap (capid ${capid})`);
      if (capid !== this.frames.caps.length)
        this.invalid(`cap ${capid} arrived where cap ${this.frames.caps.length} was due`);
      this.frames.caps.push(cap);
      this.capsLeft--;
      return this.completed();
    } catch (err) {
      this.reset();
      throw err;
    }
  }

  /** Decodes a message of one fragment, at word 0 of `src`: where it is, if its plan allows. */
  private decodeSingle(codec: MessageCodec<M>, plan: Plan, src: Uint32Array): M {
    if (plan.inPlace) return codec.decode(this.frames, plan.backend, src);
    this.frames.clear();
    this.frames.appendWords(src, 0, plan.fixedWords);
    return codec.decode(this.frames, plan.backend);
  }

  private begin(msgnum: number, token: number): void {
    const codec = this.descriptor.byNumber[msgnum];
    if (codec === undefined) {
      throw new FlounderError('FLOUNDER_ERR_RX_INVALID_MSGNUM', `${this.descriptor.name}: no message number ${msgnum}`);
    }
    this.plan = codec.plan(this.backend);
    this.codec = codec;
    this.frames.clear();
    this.frames.msgnum = msgnum;
    this.frames.token = token;
    this.piece = 0;
    this.overflowLeft = -1;
    this.capsLeft = this.backend === 'ump' ? codec.capCount : 0;
  }

  /** How many words of this fragment belong to the overflow field being received. */
  private overflowChunk(
    src: Uint32Array,
    word: number,
    size: number,
    max: number,
    chunk: number,
    field: number,
  ): number {
    if (this.overflowLeft < 0) {
      if (size === 0) this.invalid('an empty first chunk of an overflow field');
      const codec = this.codec!;
      this.overflowLeft = 1 + wordsForBytes(overflowLength(src, word, max, codec.name, codec.fields[field]!.name));
    }
    const take = Math.min(chunk, this.overflowLeft);
    this.overflowLeft -= take;
    if (this.overflowLeft === 0) {
      this.overflowLeft = -1;
      this.piece++;
    }
    return take;
  }

  private completed(): M | undefined {
    if (this.piece < this.plan!.pieces.length || this.capsLeft > 0) return undefined;
    const codec = this.codec!;
    this.codec = undefined;
    this.plan = undefined;
    return codec.decode(this.frames, this.backend);
  }

  private invalid(detail: string): never {
    const name = this.codec ? `${this.descriptor.name}.${this.codec.name}` : this.descriptor.name;
    throw new FlounderError('FLOUNDER_ERR_RX_INVALID_LENGTH', `${name}: ${detail}`);
  }
}

/**
 * Flounder's receive length check: a fragment arrives with exactly its words, except that
 * one of fewer than `LRPC_WORDS` may arrive padded up to that many.
 */
function lmpLengthFits(size: number, words: number): boolean {
  return words >= LRPC_WORDS ? size === words : size >= words && size <= LRPC_WORDS;
}
