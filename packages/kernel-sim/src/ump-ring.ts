/**
 * One direction of a UMP channel: a ring of 64-byte slots in shared memory
 * (include/barrelfish/ump_impl.h). This file knows nothing of the simulator, so the same
 * code moves messages between worker threads over a SharedArrayBuffer.
 *
 * A slot is 16 32-bit words: 14 hold the 7 data words, word 14 is the low half of the
 * header (`used | msgnum << 17`) and word 15 its high half (the token). The sender writes
 * the data and the token with plain stores, then the low header half with an atomic store:
 * that store publishes the slot, so a receiver that sees `used` also sees the data. The
 * receiver copies the data out and clears `used` with an atomic store, which hands the slot
 * back. A sender that finds `used` still set at its position has caught up with the
 * receiver: the ring is full.
 */

/** Bytes of one slot: one cache line. */
export const UMP_SLOT_BYTES = 64;
/** 32-bit words of one slot. */
const SLOT_INTS = 16;
/** Where the data words of a slot end and the header begins, in 32-bit words. */
const HEADER_LO = 14;
const HEADER_HI = 15;
/** The `used` bit and the message number's place in the header's low half. */
const USED = 1;
const MSGNUM_SHIFT = 17;

/** Bytes of shared memory a ring of `slots` slots needs. */
export function umpRingBytes(slots: number): number {
  return slots * UMP_SLOT_BYTES;
}

/** One side of a ring: the slots, and where this side is in them. */
abstract class UmpRingSide {
  protected readonly ring: Int32Array;
  protected pos = 0;

  constructor(
    buffer: SharedArrayBuffer,
    byteOffset: number,
    /** Number of slots. */
    readonly slots: number,
  ) {
    this.ring = new Int32Array(buffer, byteOffset, slots * SLOT_INTS);
  }

  /** The slot this side uses next. */
  get position(): number {
    return this.pos;
  }

  /** Moves on to the next slot. */
  protected advance(): void {
    this.pos = this.pos + 1 === this.slots ? 0 : this.pos + 1;
  }
}

/** The sending side of one ring. Only one sender may use a ring. */
export class UmpRingSender extends UmpRingSide {
  /** Whether the next slot is free (the receiver has cleared its `used` bit). */
  canSend(): boolean {
    return (Atomics.load(this.ring, this.pos * SLOT_INTS + HEADER_LO) & USED) === 0;
  }

  /**
   * Writes `length` data words of `words` from word `start` (64-bit words as 32-bit halves)
   * and the header into the next slot, header last. Returns the slot written, or -1 if the
   * ring is full.
   */
  send(words: Uint32Array, start: number, length: number, msgnum: number, token: number): number {
    const ring = this.ring;
    const slot = this.pos;
    const base = slot * SLOT_INTS;
    if ((Atomics.load(ring, base + HEADER_LO) & USED) !== 0) return -1;
    const from = 2 * start;
    const halves = 2 * length;
    for (let i = 0; i < halves; i++) ring[base + i] = words[from + i]!;
    ring[base + HEADER_HI] = token;
    Atomics.store(ring, base + HEADER_LO, USED | (msgnum << MSGNUM_SHIFT));
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

  /** Whether the next slot holds a message (`ump_endpoint_poll`). */
  poll(): boolean {
    return (Atomics.load(this.ring, this.pos * SLOT_INTS + HEADER_LO) & USED) !== 0;
  }

  /**
   * Copies the next slot's 7 data words into `out` (as 32-bit halves), records its header
   * in {@link msgnum} and {@link token}, and frees the slot. Returns the slot read, or -1 if
   * there is no message.
   */
  recv(out: Uint32Array): number {
    const ring = this.ring;
    const slot = this.pos;
    const base = slot * SLOT_INTS;
    const header = Atomics.load(ring, base + HEADER_LO);
    if ((header & USED) === 0) return -1;
    for (let i = 0; i < HEADER_LO; i++) out[i] = ring[base + i]!;
    this.msgnum = header >>> MSGNUM_SHIFT;
    this.token = ring[base + HEADER_HI]! >>> 0;
    Atomics.store(ring, base + HEADER_LO, 0);
    this.advance();
    return slot;
  }
}
