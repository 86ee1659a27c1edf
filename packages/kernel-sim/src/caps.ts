/**
 * Capabilities: typed, unforgeable references to kernel objects, held in per-core
 * capability spaces.
 *
 * A {@link CapRef} handed to user code is an empty token; only the machine can resolve it,
 * through a private map from token to slot. A reference made by hand resolves to nothing,
 * a reference held by another domain resolves to a slot of that domain, and a reference
 * that was deleted or given away resolves to a tombstone: all three fail with
 * `SYS_ERR_CAP_NOT_FOUND` and say which it was. Copies (`cap`) are new slots naming the same
 * object; a move (`give_away_cap`) empties the sender's slot.
 */

import { FlounderError, type CapRef, type ErrorCode } from '@flounder-ts/runtime';

/** Capability types the machine knows. */
export type CapType = 'Frame' | 'RAM' | 'VNode_x86_64_ptable' | 'EndPointLMP';

/** Who holds a slot: a domain, identified for error messages. */
export interface CapHolder {
  readonly id: number;
  readonly name: string;
}

/** A kernel object: what every copy of a capability names. */
export class KernelObject {
  private memory: SharedArrayBuffer | undefined;

  constructor(
    readonly id: number,
    readonly type: CapType,
    /** Bytes of memory it covers. */
    readonly bytes: number,
    /** What the kernel keeps for it: the LMP endpoint, or the UMP rings in a frame. */
    readonly payload?: unknown,
    /** Its memory when it already has some (an object that came from another thread). */
    memory?: SharedArrayBuffer,
  ) {
    this.memory = memory;
  }

  /** The object's memory, allocated on first use (a Frame is mapped lazily). */
  get buffer(): SharedArrayBuffer {
    return (this.memory ??= new SharedArrayBuffer(this.bytes));
  }

  /** Barrelfish's printed form of a cap to this object. */
  describe(): string {
    switch (this.type) {
      case 'Frame':
        return `Frame cap (id ${this.id}, ${this.bytes} bytes)`;
      case 'RAM':
        return `RAM cap (id ${this.id}, ${this.bytes} bytes)`;
      case 'VNode_x86_64_ptable':
        return `x86_64 Page table cap (id ${this.id})`;
      case 'EndPointLMP':
        return `LMP endpoint cap (id ${this.id})`;
    }
  }
}

/** The token user code holds. It has a type and nothing else to forge. */
class Cap implements CapRef {
  constructor(readonly type: string) {
    Object.freeze(this);
  }

  toString(): string {
    return `${this.type} cap`;
  }
}

/** One slot of a capability space. `object` is null once the cap was deleted or moved. */
export class CapSlot {
  constructor(
    readonly space: CapabilitySpace,
    public object: KernelObject | null,
    readonly holder: CapHolder,
    /** Why the slot was emptied, for the error a later use gets. */
    public gone: string = '',
  ) {}
}

const slots = new WeakMap<object, CapSlot>();

/** The slot a reference names, without any check (`undefined` for a forged one). */
function slotOf(ref: CapRef): CapSlot | undefined {
  return typeof ref === 'object' && ref !== null ? slots.get(ref) : undefined;
}

/** One core's capability table: every cap held by a domain running on that core. */
export class CapabilitySpace {
  /** Caps currently held. */
  size = 0;

  constructor(readonly core: number) {}

  /** Puts a cap to `object` into `holder`'s part of this space and returns its reference. */
  insert(object: KernelObject, holder: CapHolder): CapRef {
    const ref = new Cap(object.type);
    slots.set(ref, new CapSlot(this, object, holder));
    this.size++;
    return ref;
  }

  /**
   * The slot `ref` names, which `holder` must hold in this space. Throws `code`
   * (`SYS_ERR_CAP_NOT_FOUND` unless the caller names a more precise Barrelfish error) with
   * what was wrong: a forged reference, one held by another domain, or one deleted or
   * given away.
   */
  lookup(ref: CapRef, holder: CapHolder, code: ErrorCode = 'SYS_ERR_CAP_NOT_FOUND'): CapSlot {
    const slot = slotOf(ref);
    if (!slot) {
      const shown = typeof ref === 'object' && ref !== null ? JSON.stringify(ref) : String(ref);
      throw new FlounderError(code, `${shown} is not a capability reference issued by this machine`);
    }
    if (slot.holder !== holder || slot.space !== this) {
      throw new FlounderError(
        code,
        `the ${ref.type} cap belongs to domain '${slot.holder.name}' on core ${slot.space.core}, not to '${holder.name}' on core ${this.core}`,
      );
    }
    if (!slot.object) {
      throw new FlounderError(code, `domain '${holder.name}' no longer holds this ${ref.type} cap: it was ${slot.gone}`);
    }
    return slot;
  }

  /** Deletes `holder`'s reference `ref` if it still holds it; does nothing otherwise. */
  release(ref: CapRef, holder: CapHolder): void {
    const slot = slotOf(ref);
    if (slot?.object && slot.holder === holder && slot.space === this) this.remove(slot, 'deleted');
  }

  /** Empties a slot (`cap_delete`, or the sender's side of a move). */
  remove(slot: CapSlot, why: string): void {
    if (!slot.object) return;
    slot.object = null;
    slot.gone = why;
    slot.space.size--;
  }
}

/**
 * Transfers the cap in `slot` to `holder` in `space`: a copy, or a move that empties the
 * source. Returns the receiver's new reference.
 */
export function transferCap(slot: CapSlot, space: CapabilitySpace, holder: CapHolder, move: boolean): CapRef {
  const object = slot.object!;
  if (move) slot.space.remove(slot, `given away to domain '${holder.name}'`);
  return space.insert(object, holder);
}

/** The kernel object behind a reference, if it is a live one (for diagnostics and tests). */
export function objectOf(ref: CapRef): KernelObject | null {
  return slotOf(ref)?.object ?? null;
}
