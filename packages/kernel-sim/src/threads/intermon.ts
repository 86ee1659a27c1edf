/**
 * Intermon between threads: the monitors of cores on different worker threads talk over a
 * MessagePort, and the caps their messages carry travel by value.
 *
 * Within one thread monitors use a UMP channel, as in the simulator. Between threads a port
 * is the right tool: a cap's memory (a SharedArrayBuffer) can only reach another thread by
 * `postMessage`, monitor traffic is rare (binds, exports, caps, name lookups), and a port
 * keeps a link's messages in order. The data path between domains stays on UMP rings.
 *
 * A cap leaves the sending monitor's capability space and is rebuilt in the receiving
 * thread as the same kernel object: same id and type, same memory, and for a UMP channel
 * frame the same rings and control words. A thread keeps the objects that passed through it
 * (weakly), so an object that comes back is the very object it was, with everything the
 * thread keeps for it (an LMP endpoint's buffer). Only monitors send them: a thread holds a
 * cap only if a monitor put it into its capability space, so caps stay unforgeable.
 */

import type { MessagePort } from 'node:worker_threads';
import type { CapRef } from '@flounder-ts/runtime';
import { KernelObject, type CapType } from '../caps.js';
import type { IntermonLink } from '../kernel.js';
import type { Monitor } from '../monitor.js';
import { ThreadUmpRings } from './ump.js';

/** A kernel object on its way to another thread. */
export interface WireObject {
  readonly id: number;
  readonly type: CapType;
  readonly bytes: number;
  readonly memory: SharedArrayBuffer;
  /** For the frame of a UMP channel: its rings' size and control words. */
  readonly ump?: { readonly slots: number; readonly control: SharedArrayBuffer };
}

/** One intermon message between threads. */
export interface IntermonMessage {
  readonly kind: 'intermon';
  /** The sending and the receiving monitor's cores. */
  readonly from: number;
  readonly to: number;
  readonly type: number;
  readonly args: readonly number[];
  readonly object?: WireObject;
}

/** The kernel objects that passed through a thread, by id, kept weakly. */
export class ObjectTable {
  private readonly known = new Map<number, WeakRef<KernelObject>>();

  /** `object` as it travels; it is remembered here, to be itself again if it comes back. */
  toWire(object: KernelObject): WireObject {
    this.known.set(object.id, new WeakRef(object));
    const { id, type, bytes, payload } = object;
    const ump = payload instanceof ThreadUmpRings ? { slots: payload.slots, control: payload.control } : undefined;
    return ump ? { id, type, bytes, memory: object.buffer, ump } : { id, type, bytes, memory: object.buffer };
  }

  /** The object a wire object names: the one this thread knows, or a new one like it. */
  fromWire(wire: WireObject): KernelObject {
    const existing = this.known.get(wire.id)?.deref();
    if (existing) return existing;
    const payload = wire.ump ? new ThreadUmpRings(wire.ump.slots, wire.ump.control) : undefined;
    const object = new KernelObject(wire.id, wire.type, wire.bytes, payload, wire.memory);
    this.known.set(object.id, new WeakRef(object));
    return object;
  }
}

/** The sending side of an intermon link to a monitor on another thread. */
export class PortLink implements IntermonLink {
  constructor(
    private readonly from: Monitor,
    private readonly to: number,
    private readonly port: MessagePort,
    private readonly objects: ObjectTable,
  ) {}

  send(type: number, args: readonly number[], cap: CapRef | null = null): void {
    let object: WireObject | undefined;
    if (cap) {
      const disp = this.from.dispatcher;
      const slot = disp.cpu.cspace.lookup(cap, disp.domain);
      object = this.objects.toWire(slot.object!);
      disp.cpu.cspace.remove(slot, 'sent to another core');
    }
    const message: IntermonMessage = { kind: 'intermon', from: this.from.core, to: this.to, type, args, ...(object && { object }) };
    this.port.postMessage(message);
  }
}
