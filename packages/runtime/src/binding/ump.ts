/**
 * The UMP back end of a binding (Flounder's `--ump-stub`), for channels between cores.
 *
 * A fragment is one 64-byte slot: 7 data words, and a header with the message number and the
 * token, which every slot of a message carries. Caps do not travel in slots: once a message's
 * slots are written, its caps go to the monitor in declaration order, numbered 0, 1, ...
 * (`capid`), and the message is sent.
 *
 * The receiver completes a message when its slots and its caps are in. The slots of the next
 * message overtake the caps, which take a few monitor hops, so while the receiver waits for
 * caps it stops taking slots (Flounder's receiver stops polling the channel) and takes only
 * caps. Flounder's sender first waits for the receiver's `FL_UMP_CAP_ACK`; we need no such
 * acknowledgement, because the monitors deliver one channel's caps in order and the receiver
 * counts them per message, and we want none: it costs a round trip per message with caps,
 * and two bindings sending caps to each other would each wait, stopped, for an
 * acknowledgement the other has stopped reading.
 * @module
 */

import { RECV_EMPTY, type CapDelivery, type UmpChannel } from '../machine.js';
import type { AnyMessage } from '../wire/schema.js';
import { Binding } from './binding.js';

/** A binding over a UMP channel end. */
export class UmpBinding<M extends AnyMessage = AnyMessage> extends Binding<M> {
  readonly backend = 'ump';
  /** Caps that arrived before their message's first slot was taken. */
  private readonly early: CapDelivery[] = [];
  private slotsPaused = false;

  protected transmit(): boolean {
    const end = this.end as UmpChannel;
    const tx = this.tx;
    if (tx.count === 1 && tx.caps.length === 0) {
      // The common case: one slot, no caps.
      if (end.send(tx.u32, 0, tx.size(0), tx.msgnum, tx.token)) return true;
      this.waitToSend();
      return false;
    }
    for (let i = this.txFragment; i < tx.count; i++) {
      if (!end.send(tx.u32, tx.start(i), tx.size(i), tx.msgnum, tx.token)) {
        this.waitToSend();
        return false;
      }
      this.txFragment = i + 1;
    }
    const caps = tx.caps;
    for (let k = 0; k < caps.length; k++) end.sendCap(caps[k]!, k, tx.giveAway[k]!);
    return true;
  }

  protected receive(): void {
    const end = this.end as UmpChannel;
    const buf = this.rxBuf;
    const rx = this.rx;
    for (;;) {
      if (this.rxActive === rx && rx.awaitingCaps) {
        const delivery = this.early.shift() ?? end.recvCap();
        if (delivery === undefined) {
          this.pauseSlots(true);
          return;
        }
        let message: M | undefined;
        try {
          message = rx.pushCap(delivery.capid, delivery.cap);
        } catch (err) {
          this.malformed(err);
          return;
        }
        if (message === undefined) continue;
        this.pauseSlots(false);
        this.rxActive = undefined;
        if (!this.delivered(rx, message)) return;
        continue;
      }
      if (end.recv(buf) === RECV_EMPTY) {
        // Keep caps that overtook their message's first slot, so none is left to fire the handler.
        if (this.carriesCaps) for (let d = end.recvCap(); d !== undefined; d = end.recvCap()) this.early.push(d);
        if (end.peerClosed) this.teardown(undefined);
        return;
      }
      const msgnum = end.rxMsgnum;
      const from = this.rxActive ?? this.reassemblerFor(msgnum);
      let message: AnyMessage | undefined;
      try {
        message = from.pushUmp(buf, 0, msgnum, end.rxToken);
      } catch (err) {
        this.malformed(err);
        return;
      }
      if (!this.took(from, message)) return;
    }
  }

  private pauseSlots(paused: boolean): void {
    if (this.slotsPaused === paused) return;
    this.slotsPaused = paused;
    (this.end as UmpChannel).pauseSlots(paused);
  }
}
