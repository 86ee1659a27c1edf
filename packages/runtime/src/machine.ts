/**
 * What the runtime needs from a machine: dispatchers, waitsets and frame-level channel ends.
 *
 * The runtime's bindings, generated stubs and the nameservice are written against these
 * interfaces only; `@flounder-ts/kernel-sim` implements them (the simulated multicore
 * Barrelfish), and a threads platform can implement them again. The meaning is Barrelfish's
 * (libbarrelfish `dispatch.h`, `waitset.h`, `lmp_chan.h`, `ump_chan.h`, `idc_export.h`); the
 * shape is TypeScript's: promises for set-up operations that take a round trip through the
 * monitors, plain synchronous calls on the per-message paths.
 *
 * Frames. A fragment travels as 64-bit words held in a `Uint32Array` of 32-bit halves, low
 * half first, as the wire codecs keep them (`Frames.u32`): word `i` is
 * `u32[2*i] | u32[2*i+1] << 32`. Senders pass `(words, start, length)`, the fragment's first
 * word and its size, so a fragment is sent straight out of an encoded `Frames` buffer; the
 * channel copies it. Receivers pass a buffer to copy into (at least `2 * fragmentWords`
 * halves), which can go straight to `Reassembler.pushLmp`/`pushUmp`. Nothing is allocated
 * per frame.
 *
 * @module
 */

import type { CapRef, Iref } from './types.js';
import type { LMP_WORDS, LRPC_WORDS, UMP_WORDS } from './wire/plan.js';

/** Default LMP endpoint buffer: `2 * (LMP_MSG_LENGTH + 1)` words (`DEFAULT_LMP_BUF_WORDS`). */
export const LMP_DEFAULT_BUF_WORDS = 22;
/** Default UMP ring: 2048 bytes per direction, 32 slots of 64 bytes (`DEFAULT_UMP_BUFLEN`). */
export const UMP_DEFAULT_SLOTS = 32;
/** The largest message number a UMP header can carry (15 bits). */
export const UMP_MSGNUM_MAX = 0x7fff;

/** LMP send flag: the fragment ends a message (kept only on the last fragment). */
export const LMP_FLAG_SYNC = 1;
/** LMP send flag: donate the rest of the timeslice to the receiver. */
export const LMP_FLAG_YIELD = 2;
/** LMP send flag: move the attached cap (`give_away_cap`) instead of copying it. */
export const LMP_FLAG_GIVEAWAY = 4;
/** The flags `lmp_chan_send` uses by default. */
export const LMP_SEND_FLAGS_DEFAULT = LMP_FLAG_SYNC | LMP_FLAG_YIELD;

/** `recv` found no frame (Barrelfish's `LIB_ERR_NO_LMP_MSG` / `LIB_ERR_NO_UMP_MSG`). */
export const RECV_EMPTY = -1;

/** Barrelfish's channel states (`enum ws_chanstate`). */
export type ChannelState =
  /** Not registered with any waitset. */
  | 'unregistered'
  /** Registered, waiting for its event. */
  | 'idle'
  /** Registered, and the dispatcher must poll for its event (UMP receive). */
  | 'polled'
  /** The event has fired and waits to be dispatched. */
  | 'pending'
  /** Pending, but no task dispatching the waitset accepts it yet. */
  | 'waiting';

/** Where and how an event closure is registered. */
export interface RegisterOptions {
  /** The waitset to run the handler on; the dispatcher's default waitset when omitted. */
  readonly waitset?: Waitset;
  /**
   * Re-register automatically after every dispatch instead of once (Flounder's
   * `message_chanstate` channels are persistent).
   */
  readonly persistent?: boolean;
}

/**
 * A set of channels to wait on (`struct waitset`). The default waitset of a dispatcher is
 * dispatched by the dispatcher itself whenever an event is pending, with no task in between
 * (what the thesis' section 5.1.2 asks for); other waitsets are dispatched by tasks calling
 * {@link eventDispatch}.
 */
export interface Waitset {
  /** The dispatcher whose events these are. */
  readonly dispatcher: Dispatcher;
  /**
   * Waits until an event is pending on this waitset, then runs its handler
   * (`event_dispatch`). Resolves after the handler has run.
   */
  eventDispatch(): Promise<void>;
  /**
   * Runs one pending event's handler if there is one (`event_dispatch_non_block`); returns
   * `'LIB_ERR_NO_EVENT'` when nothing is pending.
   */
  eventDispatchNonBlock(): 'SYS_ERR_OK' | 'LIB_ERR_NO_EVENT';
  /**
   * Makes `continuation` an event of this waitset, pending at once: it runs when the waitset
   * is next dispatched, never inside the caller (`waitset_chan_trigger_closure`, how
   * Flounder runs the continuation of a send that has completed).
   */
  defer(continuation: () => void): void;
}

/** What every channel end offers, whatever its interconnect. */
export interface ChannelEndBase {
  /** A machine-wide number for traces, counters and error messages. */
  readonly id: number;
  /** The dispatcher that owns this end: its work is charged to this dispatcher's core. */
  readonly dispatcher: Dispatcher;
  /** A readable name, e.g. `"ump#7 client@2 -> server@1"`. */
  readonly label: string;
  /** Payload words one fragment can carry. */
  readonly fragmentWords: number;
  /** Whether {@link close} was called on this end. */
  readonly closed: boolean;
  /**
   * Whether the peer has closed. Frames it sent before closing are still received first;
   * once `recv` returns {@link RECV_EMPTY} and this is true, nothing more will arrive.
   */
  readonly peerClosed: boolean;
  /**
   * Why the peer is gone when it did not close the channel itself: its domain was lost with
   * the thread of its core, say (`"the worker thread of cores 1, 5 exited with code 1"`).
   * `null` while the peer is there or when it closed on purpose. Errors about the channel
   * should give it.
   */
  readonly peerLost: string | null;
  /** Whether a `send` now would be accepted (`lmp_chan_can_send` / `ump_chan_can_send`). */
  canSend(): boolean;
  /**
   * Runs `handler` once when a send may succeed (`*_chan_register_send`): at once (through
   * the waitset) if it may succeed now, otherwise when the receiver frees space. Also fires
   * when the peer closes. Throws `LIB_ERR_CHAN_ALREADY_REGISTERED` if already registered.
   */
  registerSend(handler: () => void, options?: RegisterOptions): void;
  /** Cancels {@link registerSend}; throws `LIB_ERR_CHAN_NOT_REGISTERED` if not registered. */
  deregisterSend(): void;
  /**
   * Runs `handler` when a frame (or, on UMP, a cap) can be received, or when the peer has
   * closed (`*_chan_register_recv`). The handler should receive until `recv` returns
   * {@link RECV_EMPTY}. Throws `LIB_ERR_CHAN_ALREADY_REGISTERED` if already registered.
   */
  registerRecv(handler: () => void, options?: RegisterOptions): void;
  /** Cancels {@link registerRecv}; throws `LIB_ERR_CHAN_NOT_REGISTERED` if not registered. */
  deregisterRecv(): void;
  /** The state of the receive registration, as Barrelfish names it. */
  readonly recvState: ChannelState;
  /**
   * Tears this end down. The peer is told after the frames already sent (its `peerClosed`
   * becomes true and its registered handlers fire); sending on a closed end, or to a peer
   * known to have closed, throws `FLOUNDER_ERR_BINDING_CLOSED`. Closing twice does nothing.
   */
  close(): void;
}

/**
 * An LMP channel end (same core, through the CPU driver), or a local one (same domain,
 * direct). A fragment is up to {@link LMP_WORDS} words plus at most one cap; one of at most
 * {@link LRPC_WORDS} words without a cap takes the cheaper LRPC path.
 */
export interface LmpChannel extends ChannelEndBase {
  readonly kind: 'lmp' | 'local';
  /**
   * Sends one fragment: `length` words of `words` from word `start` (64-bit words as 32-bit
   * halves), with an optional cap, which is copied, or moved when `flags` has
   * {@link LMP_FLAG_GIVEAWAY}. Returns `false` on a transient failure
   * (`SYS_ERR_LMP_BUF_OVERFLOW`: the receiver's endpoint buffer is full; or its cap slot is
   * still occupied): nothing was sent, retry after {@link registerSend}. Throws a
   * `FlounderError` for a permanent one (a cap this domain does not hold, more than
   * {@link LMP_WORDS} words, a closed channel).
   */
  send(words: Uint32Array, start: number, length: number, cap?: CapRef, flags?: number): boolean;
  /**
   * Copies the next fragment into `out` and returns its length in words, or
   * {@link RECV_EMPTY}. The cap it carried, if any, is then in {@link rxCap}.
   */
  recv(out: Uint32Array): number;
  /** The cap delivered with the fragment last received, if it carried one. */
  readonly rxCap: CapRef | undefined;
}

/** A cap that reached a UMP channel end through the monitors. */
export interface CapDelivery {
  /** The number the sender gave it (Flounder counts a message's caps 0, 1, ...). */
  readonly capid: number;
  /** The cap, now held by the receiving domain. */
  readonly cap: CapRef;
}

/**
 * A UMP channel end (between cores): a ring of 64-byte slots per direction. A fragment is
 * {@link UMP_WORDS} data words plus the message number and token of the slot header.
 * Caps do not travel in slots; {@link sendCap} moves them through the monitors.
 */
export interface UmpChannel extends ChannelEndBase {
  readonly kind: 'ump';
  /**
   * Writes one slot: `length` (at most {@link UMP_WORDS}) data words of `words` from word
   * `start`, then the header `used | msgnum << 17 | token << 32` last. Returns `false` when
   * the ring is full (the receiver has not yet freed the next slot): nothing was sent, retry
   * after {@link registerSend}. Throws a `FlounderError` on a closed channel or bad arguments.
   */
  send(words: Uint32Array, start: number, length: number, msgnum: number, token: number): boolean;
  /**
   * Copies the next slot's {@link UMP_WORDS} data words into `out`, frees the slot, and
   * returns {@link UMP_WORDS}; or returns {@link RECV_EMPTY}. Its header is
   * then in {@link rxMsgnum} and {@link rxToken}. Data words the sender did not write are
   * stale, as in Barrelfish.
   */
  recv(out: Uint32Array): number;
  /** The message number of the slot last received. */
  readonly rxMsgnum: number;
  /** The token of the slot last received. */
  readonly rxToken: number;
  /**
   * Sends a cap to the peer through the monitors (`cap_send_request`, or
   * `cap_move_request` when `giveAway`). It arrives after a few monitor hops, in order with
   * the other caps sent on this end, and is then returned by the peer's {@link recvCap}.
   * Throws `SYS_ERR_CAP_NOT_FOUND` for a cap this domain does not hold.
   */
  sendCap(cap: CapRef, capid: number, giveAway: boolean): void;
  /** The next cap that arrived through the monitors, or `undefined`. */
  recvCap(): CapDelivery | undefined;
  /**
   * Stops (`true`) or resumes (`false`) taking slots: while paused, `recv` returns
   * {@link RECV_EMPTY} and arriving slots do not fire the receive handler, while caps still
   * arrive and fire it. Flounder's receiver stops polling the channel this way while it
   * waits for the caps of a message, which travel through the monitors and are overtaken by
   * the slots of the next message.
   */
  pauseSlots(paused: boolean): void;
}

/** A bound channel end of either interconnect. */
export type ChannelEnd = LmpChannel | UmpChannel;

/** Buffer sizes a client may ask for when binding. */
export interface BindOptions {
  /** Words of each LMP endpoint buffer; {@link LMP_DEFAULT_BUF_WORDS} by default. */
  readonly lmpBufferWords?: number;
  /** Slots of each UMP ring direction; {@link UMP_DEFAULT_SLOTS} by default. */
  readonly umpSlots?: number;
}

/**
 * Called on the server's dispatcher for every client that binds (Flounder's `connect_cb`),
 * with the server's end of the new channel. Throwing refuses the connection: the client's
 * `bind` rejects with the thrown `FlounderError` (or `FLOUNDER_ERR_BIND`).
 */
export type AcceptHandler = (end: ChannelEnd) => void;

/** A domain: the unit of protection and of capability ownership. */
export interface DomainInfo {
  readonly id: number;
  readonly name: string;
}

/**
 * A dispatcher: the schedulable entity of one domain on one core (`struct dispatcher`).
 * Tasks run on it, its default waitset is dispatched by it, and everything it does is
 * charged to its core's clock.
 */
export interface Dispatcher {
  /** A machine-wide number. */
  readonly id: number;
  /** The domain's name and the core, e.g. `"server@1"`. */
  readonly name: string;
  /** The core this dispatcher runs on; dispatchers never migrate. */
  readonly core: number;
  /** The domain this dispatcher belongs to. */
  readonly domain: DomainInfo;
  /** The default waitset, dispatched by the dispatcher itself. */
  readonly waitset: Waitset;
  /** Creates a waitset that tasks dispatch explicitly. */
  createWaitset(): Waitset;
  /** This dispatcher's core clock, in cycles. */
  now(): number;
  /** The core's clock rate, to turn cycles into seconds. */
  readonly hz: number;
  /**
   * Charges `cycles` of modelled work to this dispatcher's core (what stub code or an
   * application's computation would cost on the modelled machine).
   */
  compute(cycles: number): void;
  /** Resolves after `cycles` of this core's time have passed. */
  sleep(cycles: number): Promise<void>;
  /**
   * Starts a task on this dispatcher. A task that throws fails the whole machine run with
   * the error and this dispatcher's name; it is never swallowed.
   */
  go(task: () => unknown): void;
  /**
   * Exports a service (`idc_export_service`): the local monitor allocates an iref, and
   * `accept` runs for each client that binds.
   */
  exportService(accept: AcceptHandler): Promise<Iref>;
  /**
   * Binds to the service `iref` names (Flounder's generic bind): a local channel within one
   * domain, LMP on the same core, UMP to another core through the monitor of the iref's
   * core. Rejects with `MON_ERR_INVALID_IREF`, `MON_ERR_INVALID_CORE_ID`, or the error the
   * server's accept handler threw.
   */
  bind(iref: Iref, options?: BindOptions): Promise<ChannelEnd>;
  /**
   * The nameservice's iref, from the monitor (`get_name_iref_request`); waits until the
   * nameservice has registered it with {@link setNameServiceIref}.
   */
  nameServiceIref(): Promise<Iref>;
  /** Tells the monitors where the nameservice is (`set_name_iref_request`). */
  setNameServiceIref(iref: Iref): Promise<void>;
  /**
   * This domain's client of the nameservice, which `listen`, `serve` and `connect` register
   * and look up service names with.
   */
  readonly nameService: NameService;
  /** A deterministic random number in [0, 1) from the machine's seeded source. */
  random(): number;

  /**
   * Creates a capability this domain then holds: a `'Frame'` of `bytes` bytes of memory
   * (`frame_alloc`), `'RAM'`, or a page table `'VNode_x86_64_ptable'` (`vnode_create`).
   */
  createCap(type: CreatableCapType, bytes?: number): CapRef;
  /** Copies a cap within this domain (`cap_copy`): a second, independent reference. */
  copyCap(cap: CapRef): CapRef;
  /** Deletes this domain's reference (`cap_delete`); other copies stay valid. */
  deleteCap(cap: CapRef): void;
  /** What a cap is (`cap_identify`). Throws `SYS_ERR_CAP_NOT_FOUND` if not held here. */
  identifyCap(cap: CapRef): CapIdentity;
  /** The memory of a Frame cap, mapped into this domain (`vspace_map_one_frame`). */
  mapFrame(cap: CapRef): Uint8Array;
  /**
   * Creates an unbound channel end and the cap that lets another dispatcher bind to it
   * (Flounder's `create_endpoint`): an `EndPointLMP` cap for `'lmp'` (usable only on this
   * core), or a Frame holding the rings for `'ump'`. The end can send once a peer has
   * bound; its `registerSend` fires then.
   */
  createEndpoint(kind: 'lmp' | 'ump', options?: BindOptions): { end: ChannelEnd; cap: CapRef };
  /**
   * Binds to an end made by {@link createEndpoint} on another dispatcher, given the cap
   * (Flounder's `bind_to_endpoint`). Throws `SYS_ERR_ILLEGAL_DEST_TYPE` for a cap that is
   * not an endpoint, and `MON_ERR_IDC_BIND_NOT_SAME_CORE` for an LMP endpoint elsewhere.
   */
  connectEndpoint(cap: CapRef): ChannelEnd;
}

/**
 * The nameservice as a domain uses it (thesis 3.3.2 and Appendix B; Barrelfish's
 * `nameservice_register`, `nameservice_lookup`, `nameservice_blocking_lookup`): names of
 * services mapped to their irefs. Names are at most 255 bytes of UTF-8. Several tasks of a
 * domain may call it at once.
 */
export interface NameService {
  /**
   * Registers `name` for `iref`. Rejects with `LIB_ERR_NAMESERVICE_NAME_TAKEN` if the name is
   * registered already.
   */
  register(name: string, iref: Iref): Promise<void>;
  /** The iref of `name`; rejects with `LIB_ERR_NAMESERVICE_UNKNOWN_NAME` if it is not registered. */
  lookup(name: string): Promise<Iref>;
  /** The iref of `name`, waiting until it is registered (the blocking lookup). */
  waitFor(name: string): Promise<Iref>;
  /**
   * How many registered names are of class `nameClass`: the letters before a `.` and a
   * number, so `"ping.1"` and `"ping.2"` are two of class `"ping"`.
   */
  count(nameClass: string): Promise<number>;
}

/** The capability types {@link Dispatcher.createCap} can make. */
export type CreatableCapType = 'Frame' | 'RAM' | 'VNode_x86_64_ptable';

/** What `cap_identify` tells about a capability. */
export interface CapIdentity {
  /** The type, e.g. `'Frame'`, `'EndPointLMP'`. */
  readonly type: string;
  /** The kernel object: copies of one cap name the same object. */
  readonly objectId: number;
  /** Size in bytes of the memory it covers (0 when it covers none). */
  readonly bytes: number;
  /** Barrelfish's printed form, e.g. `"Frame cap (id 7, 4096 bytes)"`. */
  readonly description: string;
}
