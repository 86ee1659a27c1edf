/**
 * One direction of a UMP channel: a ring of 64-byte slots in shared memory
 * (include/barrelfish/ump_impl.h), and one line more in which the receiver counts what it
 * has taken. This file knows nothing of the simulator, so the same code moves messages
 * between worker threads over a SharedArrayBuffer.
 *
 * A slot is 16 32-bit words: 14 hold the 7 data words, word 14 is the low half of the
 * header (`used | msgnum << 17`) and word 15 its high half (the token). The sender writes
 * the data and the token with plain stores, then the low header half with an atomic store:
 * that store publishes the slot, so a receiver that sees `used` also sees the data.
 *
 * Only the sender writes slots. `used` is an epoch, as in TN-011's UMP: it is 1 in the
 * slots of the first lap of the ring, 0 in the second, and so on, so a slot holds a message
 * when its bit matches the receiver's lap and the receiver never has to clear it. Instead
 * the receiver counts the slots it has taken in the ack line, and the sender, which counts
 * those it has written, reads the ack only when it has used up the room it last saw: the
 * ring is full when `slots` messages have not been acked. With the default `ackEvery` of 1
 * a slot is free again as soon as it has been received, as with HEAD's `used` bit that the
 * receiver clears; a receiver may ack every few slots instead, so that the ack line crosses
 * once per batch. Either way each message moves one cache line from sender to receiver and
 * none back. That matters in JavaScript, whose only atomic store is sequentially consistent
 * (`xchg` on x86): a store to a line the other side holds waits for the line, where C's
 * release store would not.
 */

/** Bytes of one slot: one cache line. */
export const UMP_SLOT_BYTES = 64;
/** 32-bit words of one slot. */
const SLOT_INTS = 16;
/** Where the data words of a slot end and the header begins, in 32-bit words. */
const HEADER_LO = 14;
const HEADER_HI = 15;
/** The `used` bit (the epoch) and the message number's place in the header's low half. */
const USED = 1;
const MSGNUM_SHIFT = 17;

/** Bytes of shared memory a ring of `slots` slots needs: the slots and the ack line. */
export function umpRingBytes(slots: number): number {
  return (slots + 1) * UMP_SLOT_BYTES;
}

/** One side of a ring: the slots, the ack, and where this side is in them. */
abstract class UmpRingSide {
  protected readonly ring: Int32Array;
  /** The ack line's count: slots the receiver has acked, modulo 2^32. */
  protected readonly ackLine: Int32Array;
  protected pos = 0;
  /** The `used` bit of the slots of this lap. */
  protected epoch = USED;

  constructor(
    buffer: SharedArrayBuffer,
    byteOffset: number,
    /** Number of slots. */
    readonly slots: number,
  ) {
    this.ring = new Int32Array(buffer, byteOffset, slots * SLOT_INTS);
    this.ackLine = new Int32Array(buffer, byteOffset + slots * UMP_SLOT_BYTES, 1);
  }

  /** The slot this side uses next. */
  get position(): number {
    return this.pos;
  }

  /** Moves on to the next slot; the epoch turns over with each lap. */
  protected advance(): void {
    if (++this.pos === this.slots) {
      this.pos = 0;
      this.epoch ^= USED;
    }
  }
}

/** The sending side of one ring. Only one sender may use a ring. */
export class UmpRingSender extends UmpRingSide {
  /** Slots written, modulo 2^32. */
  private written = 0;
  /** The count {@link written} may reach before the ack must be read again. */
  private limit = this.slots;

  /** Whether the next slot is free (the receiver has acked what was written there). */
  canSend(): boolean {
    return this.written !== this.limit || this.room();
  }

  /** Reads the ack again: whether it leaves room for a slot. */
  private room(): boolean {
    this.limit = (Atomics.load(this.ackLine, 0) + this.slots) | 0;
    return this.written !== this.limit;
  }

  /**
   * Writes `length` data words of `words` from word `start` (64-bit words as 32-bit halves)
   * and the header into the next slot, header last. Returns the slot written, or -1 if the
   * ring is full.
   */
  send(words: Uint32Array, start: number, length: number, msgnum: number, token: number): number {
    if (this.written === this.limit && !this.room()) return -1;
    const ring = this.ring;
    const slot = this.pos;
    const base = slot * SLOT_INTS;
    const from = 2 * start;
    const halves = 2 * length;
    for (let i = 0; i < halves; i++) ring[base + i] = words[from + i]!;
    ring[base + HEADER_HI] = token;
    Atomics.store(ring, base + HEADER_LO, this.epoch | (msgnum << MSGNUM_SHIFT));
    this.written = (this.written + 1) | 0;
    this.advance();
    return slot;
  }
}

/** The receiving side of one ring. Only one receiver may use a ring. */
export class UmpRingReceiver extends UmpRingSide {
  /** The message number of the slot last received. */
  msgnum = 0;
  /** The token of the slot last received. */
  token = 0;
  /** Slots taken, modulo 2^32. */
  private taken = 0;
  /** Slots taken that the ack does not count yet. */
  private pending = 0;

  constructor(
    buffer: SharedArrayBuffer,
    byteOffset: number,
    slots: number,
    /**
     * Slots taken between two updates of the ack, 1 to `slots`. While fewer than this are
     * unacked the sender may find the ring full early, so a sender that finds it full knows
     * that more than `slots - ackEvery` messages wait here: a receiver that keeps receiving
     * acks them soon.
     */
    readonly ackEvery = 1,
  ) {
    super(buffer, byteOffset, slots);
    if (!(Number.isInteger(ackEvery) && ackEvery >= 1 && ackEvery <= slots)) {
      throw new RangeError(`a UMP ring of ${slots} slots acks every 1 to ${slots} slots, not ${String(ackEvery)}`);
    }
  }

  /** Whether the next slot holds a message (`ump_endpoint_poll`). */
  poll(): boolean {
    return (Atomics.load(this.ring, this.pos * SLOT_INTS + HEADER_LO) & USED) === this.epoch;
  }

  /** Slots taken that the ack does not count yet: 0 right after it was updated. */
  get unacked(): number {
    return this.pending;
  }

  /**
   * Copies the next slot's 7 data words into `out` (as 32-bit halves), records its header
   * in {@link msgnum} and {@link token}, and takes the slot, acking it with those before it
   * once there are {@link ackEvery}. Returns the slot read, or -1 if there is no message.
   */
  recv(out: Uint32Array): number {
    const ring = this.ring;
    const slot = this.pos;
    const base = slot * SLOT_INTS;
    const header = Atomics.load(ring, base + HEADER_LO);
    if ((header & USED) !== this.epoch) return -1;
    for (let i = 0; i < HEADER_LO; i++) out[i] = ring[base + i]!;
    this.msgnum = header >>> MSGNUM_SHIFT;
    this.token = ring[base + HEADER_HI]! >>> 0;
    this.taken = (this.taken + 1) | 0;
    if (++this.pending === this.ackEvery) this.ack();
    this.advance();
    return slot;
  }

  /** Acks every slot taken so far, so that the sender may use them again. */
  ack(): void {
    Atomics.store(this.ackLine, 0, this.taken);
    this.pending = 0;
  }
}
