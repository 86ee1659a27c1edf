/**
 * The LMP back end of a binding (Flounder's `--lmp-stub`), for channels within one core and
 * for local channels within one domain, which carry the same fragments.
 *
 * A fragment is one LMP message of at most 10 words and one cap. The first fragment of a
 * message carries its number in bits 0-15 of word 0; every fragment after it belongs to the
 * message being received until that is complete. `LMP_FLAG_SYNC` is kept only on the last
 * fragment, and a cap given away is moved (`LMP_FLAG_GIVEAWAY`).
 * @module
 */

import { LMP_FLAG_GIVEAWAY, LMP_FLAG_YIELD, LMP_SEND_FLAGS_DEFAULT, RECV_EMPTY, type LmpChannel } from '../machine.js';
import type { AnyMessage } from '../wire/schema.js';
import { Binding } from './binding.js';

/** A binding over an LMP (or local) channel end. */
export class LmpBinding<M extends AnyMessage = AnyMessage> extends Binding<M> {
  readonly backend = 'lmp';

  protected transmit(): boolean {
    const end = this.end as LmpChannel;
    const tx = this.tx;
    if (tx.count === 1 && tx.caps.length === 0) {
      // The common case: one fragment, no cap.
      if (end.send(tx.u32, 0, tx.size(0), undefined, LMP_SEND_FLAGS_DEFAULT)) return true;
      this.waitToSend();
      return false;
    }
    const last = tx.count - 1;
    for (let i = this.txFragment; i <= last; i++) {
      let flags = i === last ? LMP_SEND_FLAGS_DEFAULT : LMP_FLAG_YIELD;
      if (tx.capGivenAway(i)) flags |= LMP_FLAG_GIVEAWAY;
      if (!end.send(tx.u32, tx.start(i), tx.size(i), tx.cap(i), flags)) {
        this.waitToSend();
        return false;
      }
      this.txFragment = i + 1;
    }
    return true;
  }

  protected receive(): void {
    const end = this.end as LmpChannel;
    const buf = this.rxBuf;
    for (;;) {
      const size = end.recv(buf);
      if (size === RECV_EMPTY) {
        if (end.peerClosed) this.teardown(undefined);
        return;
      }
      const from = this.rxActive ?? this.reassemblerFor(size > 0 ? buf[0]! & 0xffff : 0);
      let message: AnyMessage | undefined;
      try {
        message = from.pushLmp(buf, 0, size, end.rxCap);
      } catch (err) {
        this.malformed(err);
        return;
      }
      if (!this.took(from, message)) return;
    }
  }
}
