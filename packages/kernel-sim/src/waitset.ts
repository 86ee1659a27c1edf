/**
 * Waitsets and channel states, as libbarrelfish has them (lib/barrelfish/waitset.c).
 *
 * A channel registers a handler on a waitset and is then idle (or polled, for UMP receive);
 * when its event happens it is triggered and becomes pending; dispatching takes it off the
 * waitset, which unregisters it again (one-shot) or re-registers it (persistent), and runs
 * its handler. Tasks block in `eventDispatch` (any event) or `waitForChannel` (one channel);
 * a pending event no blocked task accepts is `waiting`.
 *
 * Dispatching happens when the dispatcher runs, never inside the code that triggered the
 * event: a trigger puts the waitset on the dispatcher's run list, and the dispatcher drains
 * it at the end of the current event (or in an event of its own). A dispatcher's default
 * waitset is dispatched by the dispatcher itself, like Go's netpoller: no task has to loop
 * on `eventDispatch` for messages to be handled.
 */

import { FlounderError, type ChannelState, type Waitset as RuntimeWaitset } from '@flounder-ts/runtime';
import type { Dispatcher } from './dispatcher.js';

/** One source of events on a waitset (`struct waitset_chanstate`). */
export class WaitsetChannel {
  state: ChannelState = 'unregistered';
  waitset: Waitset | null = null;
  handler: (() => void) | null = null;
  persistent = false;
  /** For a continuation's channel: the waitset that reuses it once it has run. */
  recycle: Waitset | null = null;
  /** Links of the waitset queue the channel is on. */
  next: WaitsetChannel | null = null;
  prev: WaitsetChannel | null = null;

  constructor(
    /** Names the channel in reports, e.g. `"recv on ump#3 client@2 -> server@1"`. */
    public label: string,
    /** Whether the dispatcher polls for its event (UMP receive) rather than being told. */
    readonly polled: boolean,
    /**
     * Whether the event has happened already; checked on registration and after each
     * dispatch, so data left behind is never forgotten (libbarrelfish polls LMP endpoints
     * and UMP channels on every dispatcher run for the same reason).
     */
    readonly poll: () => boolean,
  ) {}

  /** Whether a handler is registered and waiting for the event. */
  get registered(): boolean {
    return this.state === 'idle' || this.state === 'polled';
  }

  /** Tells the waitset the event happened. Does nothing unless registered and not pending. */
  trigger(): void {
    if (this.state === 'idle' || this.state === 'polled') this.waitset!.triggered(this);
  }
}

/** An intrusive FIFO of channels. */
class ChanQueue {
  head: WaitsetChannel | null = null;
  tail: WaitsetChannel | null = null;

  push(chan: WaitsetChannel): void {
    chan.next = null;
    chan.prev = this.tail;
    if (this.tail) this.tail.next = chan;
    else this.head = chan;
    this.tail = chan;
  }

  remove(chan: WaitsetChannel): void {
    if (chan.prev) chan.prev.next = chan.next;
    else this.head = chan.next;
    if (chan.next) chan.next.prev = chan.prev;
    else this.tail = chan.prev;
    chan.next = chan.prev = null;
  }

  *[Symbol.iterator](): Iterator<WaitsetChannel> {
    for (let c = this.head; c; c = c.next) yield c;
  }
}

/** The poll of a channel whose event only ever comes from a trigger. */
function never(): boolean {
  return false;
}

/** A task blocked on a waitset: for any event, or for one channel. */
interface Waiter {
  readonly waitFor: WaitsetChannel | null;
  readonly resolve: () => void;
}

/** A set of channels to wait on (`struct waitset`). */
export class Waitset implements RuntimeWaitset {
  private readonly idle = new ChanQueue();
  private readonly polledQueue = new ChanQueue();
  private readonly pending = new ChanQueue();
  private readonly waiting = new ChanQueue();
  private readonly waiters: Waiter[] = [];
  /** Channels of continuations that have run, for the next ones. */
  private readonly spare: WaitsetChannel[] = [];
  /** Whether the waitset is on its dispatcher's run list. */
  queued = false;

  constructor(
    readonly dispatcher: Dispatcher,
    /** Dispatched by the dispatcher itself (the default waitset). */
    readonly auto: boolean,
    readonly name: string,
  ) {}

  /** Registers `handler` for `chan`'s event (`waitset_chan_register`). */
  register(chan: WaitsetChannel, handler: () => void, persistent: boolean): void {
    if (chan.state !== 'unregistered') {
      throw new FlounderError('LIB_ERR_CHAN_ALREADY_REGISTERED', `${chan.label} is ${chan.state} on waitset ${chan.waitset!.name}`);
    }
    chan.handler = handler;
    chan.persistent = persistent;
    this.enqueueRegistered(chan);
    if (chan.poll()) this.triggered(chan);
  }

  /** Removes `chan` from this waitset, whatever its state (`waitset_chan_deregister`). */
  deregister(chan: WaitsetChannel): void {
    if (chan.state === 'unregistered') {
      throw new FlounderError('LIB_ERR_CHAN_NOT_REGISTERED', `${chan.label} is not registered`);
    }
    this.queueOf(chan.state).remove(chan);
    chan.state = 'unregistered';
    chan.waitset = null;
    chan.handler = null;
  }

  /** A registered channel's event happened: it becomes pending, and the dispatcher will run. */
  triggered(chan: WaitsetChannel): void {
    this.queueOf(chan.state).remove(chan);
    chan.state = 'pending';
    this.pending.push(chan);
    this.dispatcher.kick(this);
  }

  defer(continuation: () => void): void {
    let chan = this.spare.pop();
    if (!chan) {
      chan = new WaitsetChannel(`continuation on ${this.name}`, false, never);
      chan.recycle = this;
    }
    this.register(chan, continuation, false);
    this.triggered(chan);
  }

  eventDispatch(): Promise<void> {
    const chan = this.takeForAny();
    if (chan) {
      this.run(chan);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push({ waitFor: null, resolve: this.dispatcher.machine.wakeup(resolve) });
    });
  }

  eventDispatchNonBlock(): 'SYS_ERR_OK' | 'LIB_ERR_NO_EVENT' {
    const chan = this.takeForAny();
    if (!chan) return 'LIB_ERR_NO_EVENT';
    this.run(chan);
    return 'SYS_ERR_OK';
  }

  /**
   * Waits until `chan`'s event is pending and takes it without running its handler
   * (`wait_for_channel`); other events keep being dispatched meanwhile.
   */
  waitForChannel(chan: WaitsetChannel): Promise<void> {
    if (chan.waitset !== this) {
      return Promise.reject(new FlounderError('LIB_ERR_CHAN_NOT_REGISTERED', `${chan.label} is not registered on waitset ${this.name}`));
    }
    if (chan.state === 'pending' || chan.state === 'waiting') {
      this.consume(chan);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiters.push({ waitFor: chan, resolve: this.dispatcher.machine.wakeup(resolve) });
    });
  }

  /**
   * Hands pending events to blocked tasks, then (on an automatic waitset) runs the rest.
   * Called by the dispatcher when it runs; returns when nothing is left to do.
   */
  dispatchPending(): void {
    for (;;) {
      if (this.waiters.length > 0 && this.serveWaiter()) continue;
      if (this.auto) {
        const chan = this.takeForAny();
        if (chan) {
          this.run(chan);
          continue;
        }
      } else if (this.waiters.length > 0) {
        // Pending events that no blocked task accepts wait for one that does.
        for (let c = this.pending.head; c; ) {
          const next = c.next;
          if (!this.wanted(c)) {
            this.pending.remove(c);
            c.state = 'waiting';
            this.waiting.push(c);
          }
          c = next;
        }
      }
      return;
    }
  }

  /** Whether anything is pending here. */
  get hasPending(): boolean {
    return this.pending.head !== null || this.waiting.head !== null;
  }

  /** Lines describing what this waitset waits for, for the all-asleep report. */
  describe(): string[] {
    const lines: string[] = [];
    for (const c of this.idle) lines.push(`${c.label}: idle`);
    for (const c of this.polledQueue) lines.push(`${c.label}: polled`);
    for (const c of this.pending) lines.push(`${c.label}: pending`);
    for (const c of this.waiting) lines.push(`${c.label}: waiting`);
    for (const w of this.waiters) {
      lines.push(w.waitFor ? `a task waits for ${w.waitFor.label}` : `a task waits in eventDispatch on waitset ${this.name}`);
    }
    return lines;
  }

  /** Gives the first blocked task that accepts a pending event its event; false if none. */
  private serveWaiter(): boolean {
    for (let i = 0; i < this.waiters.length; i++) {
      const waiter = this.waiters[i]!;
      const want = waiter.waitFor;
      let chan: WaitsetChannel | null;
      if (want) chan = want.state === 'pending' || want.state === 'waiting' ? want : null;
      else chan = this.takeForAny();
      if (!chan) continue;
      this.waiters.splice(i, 1);
      if (want) this.consume(chan);
      else this.run(chan);
      waiter.resolve();
      return true;
    }
    return false;
  }

  /** The oldest event a task without a specific channel may take: waiting ones first. */
  private takeForAny(): WaitsetChannel | null {
    for (let c = this.waiting.head; c; c = c.next) if (!this.wanted(c)) return c;
    for (let c = this.pending.head; c; c = c.next) if (!this.wanted(c)) return c;
    return null;
  }

  /** Whether a blocked task waits for exactly this channel. */
  private wanted(chan: WaitsetChannel): boolean {
    for (const w of this.waiters) if (w.waitFor === chan) return true;
    return false;
  }

  /** Takes a pending channel off the waitset: re-registered if persistent, else unregistered. */
  private consume(chan: WaitsetChannel): void {
    this.queueOf(chan.state).remove(chan);
    if (chan.persistent) {
      this.enqueueRegistered(chan);
    } else {
      chan.state = 'unregistered';
      chan.waitset = null;
      if (chan.recycle === this) this.spare.push(chan);
    }
  }

  /** Consumes `chan` and runs its handler; then looks again in case data was left behind. */
  private run(chan: WaitsetChannel): void {
    const handler = chan.handler!;
    this.consume(chan);
    this.dispatcher.runHandler(handler, chan.label);
    if (chan.waitset === this && (chan.state === 'idle' || chan.state === 'polled') && chan.poll()) this.triggered(chan);
  }

  private enqueueRegistered(chan: WaitsetChannel): void {
    chan.waitset = this;
    if (chan.polled) {
      chan.state = 'polled';
      this.polledQueue.push(chan);
    } else {
      chan.state = 'idle';
      this.idle.push(chan);
    }
  }

  private queueOf(state: ChannelState): ChanQueue {
    switch (state) {
      case 'idle':
        return this.idle;
      case 'polled':
        return this.polledQueue;
      case 'pending':
        return this.pending;
      case 'waiting':
        return this.waiting;
      case 'unregistered':
        throw new Error('an unregistered channel is on no queue');
    }
  }
}
