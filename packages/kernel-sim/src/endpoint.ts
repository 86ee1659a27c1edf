/**
 * Making channel ends from endpoints: the halves every bind is built of, and Flounder's
 * `create_endpoint` / `bind_to_endpoint`, which bind through a cap instead of an iref.
 *
 * An LMP end needs the peer's endpoint cap to send; an LMP bind therefore swaps endpoint
 * caps. A UMP channel is a frame holding both rings; the end that made it sends on ring 0,
 * and the end that maps it from the cap on ring 1.
 */

import {
  FlounderError,
  LMP_DEFAULT_BUF_WORDS,
  LMP_WORDS,
  UMP_DEFAULT_SLOTS,
  type BindOptions,
  type CapRef,
  type ChannelEnd,
} from '@flounder-ts/runtime';
import { KernelObject } from './caps.js';
import { EV_CONNECTED } from './channel-end.js';
import type { Dispatcher } from './dispatcher.js';
import { LmpChannelEnd, LmpEndpoint } from './lmp.js';
import { notAUmpChannel, type UmpEnd } from './ump.js';

/** The buffer of a local channel: room for 16 full fragments, since no kernel bounds it. */
const LOCAL_BUF_WORDS = 16 * (LMP_WORDS + 1);
/** Upper bounds that keep a mistyped size from allocating gigabytes. */
const MAX_LMP_BUF_WORDS = 1 << 16;
const MAX_UMP_SLOTS = 1 << 16;

/** The LMP endpoint buffer size a bind asks for, checked (`LIB_ERR_LMP_BUFLEN_INVALID`). */
export function lmpBufferWords(options: BindOptions): number {
  const words = options.lmpBufferWords ?? LMP_DEFAULT_BUF_WORDS;
  if (!(Number.isInteger(words) && words >= LMP_WORDS + 2 && words <= MAX_LMP_BUF_WORDS)) {
    throw new FlounderError(
      'LIB_ERR_LMP_BUFLEN_INVALID',
      `lmpBufferWords must be a whole number from ${LMP_WORDS + 2} (one full fragment and its header, plus the free word) to ${MAX_LMP_BUF_WORDS}, got ${String(words)}`,
    );
  }
  return words;
}

/** The UMP ring size a bind asks for, checked (`LIB_ERR_UMP_BUFSIZE_INVALID`). */
export function umpSlots(options: BindOptions): number {
  const slots = options.umpSlots ?? UMP_DEFAULT_SLOTS;
  if (!(Number.isInteger(slots) && slots >= 1 && slots <= MAX_UMP_SLOTS)) {
    throw new FlounderError('LIB_ERR_UMP_BUFSIZE_INVALID', `umpSlots must be a whole number from 1 to ${MAX_UMP_SLOTS}, got ${String(slots)}`);
  }
  return slots;
}

/** A new LMP end of `disp` and an `EndPointLMP` cap to its endpoint, held by its domain. */
export function newLmpEnd(disp: Dispatcher, words: number): { end: LmpChannelEnd; cap: CapRef } {
  const end = new LmpChannelEnd(disp, 'lmp', words);
  const object = new KernelObject(disp.machine.nextObjectId(), 'EndPointLMP', 0, end.endpoint);
  const cap = disp.cpu.cspace.insert(object, disp.domain);
  end.ownCaps.push(cap);
  return { end, cap };
}

/** Lets `end` send to the endpoint `cap` names; `end`'s domain must hold the cap. */
export function attachLmpRemote(end: LmpChannelEnd, cap: CapRef): void {
  const disp = end.dispatcher;
  const slot = disp.cpu.cspace.lookup(cap, disp.domain);
  const endpoint = lmpEndpointOf(slot.object!)!;
  end.remote = endpoint;
  end.remoteCap = slot;
  end.ownCaps.push(cap);
  end.setPeerName(endpoint.end.dispatcher.name);
}

/** A new UMP channel frame made by `disp`, its end on side 0, and the Frame cap to it. */
export function newUmpChannel(disp: Dispatcher, slots: number): { end: UmpEnd; cap: CapRef } {
  const { end, object } = disp.machine.createUmpChannel(disp, slots);
  const cap = disp.cpu.cspace.insert(object, disp.domain);
  end.ownCaps.push(cap);
  return { end, cap };
}

/**
 * Maps the UMP channel frame `cap` names and makes `disp`'s end on side 1; `announce` tells
 * the maker that a peer has bound.
 */
export function mapUmpChannel(disp: Dispatcher, cap: CapRef, announce = false): UmpEnd {
  const object = disp.cpu.cspace.lookup(cap, disp.domain).object!;
  if (object.type !== 'Frame') throw notAUmpChannel(object);
  const end = disp.machine.mapUmpChannel(disp, object, announce);
  end.ownCaps.push(cap);
  return end;
}

/** A local channel within one domain: two ends writing straight into each other's buffer. */
export function newLocalPair(disp: Dispatcher, words = LOCAL_BUF_WORDS): [LmpChannelEnd, LmpChannelEnd] {
  const a = new LmpChannelEnd(disp, 'local', words);
  const b = new LmpChannelEnd(disp, 'local', words);
  a.remote = b.endpoint;
  b.remote = a.endpoint;
  a.setPeerName(`${disp.name} (local)`);
  b.setPeerName(`${disp.name} (local)`);
  return [a, b];
}

/** Flounder's `create_endpoint`: an end waiting for a peer, and the cap to bind with. */
export function createEndpoint(disp: Dispatcher, kind: 'lmp' | 'ump', options: BindOptions): { end: ChannelEnd; cap: CapRef } {
  if (kind === 'lmp') return newLmpEnd(disp, lmpBufferWords(options));
  if (kind === 'ump') return newUmpChannel(disp, umpSlots(options));
  throw new FlounderError('FLOUNDER_ERR_INVALID_STATE', `createEndpoint: kind must be 'lmp' or 'ump', got '${String(kind)}'`);
}

/** Flounder's `bind_to_endpoint`: binds `disp` to the end that `cap` was made for. */
export function connectEndpoint(disp: Dispatcher, cap: CapRef): ChannelEnd {
  const object = disp.cpu.cspace.lookup(cap, disp.domain).object!;
  const machine = disp.machine;
  if (object.type === 'Frame') return mapUmpChannel(disp, cap, true);
  const target = lmpEndpointOf(object);
  // An endpoint of a core on another thread has no LmpEndpoint here: it is on another core too.
  const maker = target instanceof LmpEndpoint ? target.end : null;
  if (maker === null || maker.dispatcher.core !== disp.core) {
    const owner = maker ? `${maker.dispatcher.name}, on core ${maker.dispatcher.core}` : 'a dispatcher on another core';
    throw new FlounderError('MON_ERR_IDC_BIND_NOT_SAME_CORE', `the LMP endpoint belongs to ${owner}; LMP works within one core`);
  }
  const endpoint = target as LmpEndpoint;
  if (maker.remote !== null) throw new FlounderError('FLOUNDER_ERR_BIND', `${maker.label} is already bound`);
  const { end, cap: mine } = newLmpEnd(disp, endpoint.buffer.size);
  attachLmpRemote(end, cap);
  // The bind message carries our endpoint cap to the maker, as Flounder's `__bind` does.
  disp.cpu.charge(machine.costs.lmpSend);
  const makerDomain = maker.dispatcher.domain;
  const slot = disp.cpu.cspace.lookup(mine, disp.domain);
  const theirs = maker.dispatcher.cpu.cspace.insert(slot.object!, makerDomain);
  attachLmpRemote(maker, theirs);
  machine.schedule(disp.cpu.clock, maker, EV_CONNECTED);
  return end;
}

function lmpEndpointOf(object: KernelObject): LmpEndpoint | undefined {
  if (object.type !== 'EndPointLMP') {
    throw new FlounderError('SYS_ERR_ILLEGAL_DEST_TYPE', `a ${object.type} cap is not an LMP endpoint`);
  }
  return object.payload as LmpEndpoint | undefined;
}
