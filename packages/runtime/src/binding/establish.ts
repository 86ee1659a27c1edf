/**
 * Connection establishment (thesis 3.2.3): exporting a service and registering its name,
 * binding to a service by name, iref or endpoint cap, and the binding that speaks an
 * interface over the channel end a bind gives, LMP or UMP by the end's kind.
 * @module
 */

import { FlounderError } from '../errors.js';
import type { AcceptHandler, BindOptions, ChannelEnd, Dispatcher } from '../machine.js';
import type { CapRef, Iref } from '../types.js';
import type { InterfaceDescriptor } from '../wire/interface.js';
import type { AnyMessage } from '../wire/schema.js';
import { describe } from '../chan/describe.js';
import type { Binding, Receiver } from './binding.js';
import { LmpBinding } from './lmp.js';
import { UmpBinding } from './ump.js';

/**
 * What to connect to: a service name the nameservice knows (waiting until it is registered),
 * an iref, or an endpoint cap another domain made with `createEndpoint` and sent over.
 */
export type Target = string | Iref | CapRef;

/** The longest service name, in bytes of UTF-8 (the nameservice's `String name[256]`). */
export const SERVICE_NAME_MAX_BYTES = 255;

const utf8 = new TextEncoder();

/** The binding for `end`: its back end follows the channel's kind. */
export function createBinding<M extends AnyMessage>(
  descriptor: InterfaceDescriptor<M>,
  end: ChannelEnd,
  receiver: Receiver<M>,
): Binding<M> {
  return end.kind === 'ump' ? new UmpBinding(descriptor, end, receiver) : new LmpBinding(descriptor, end, receiver);
}

/**
 * Exports a service (`idc_export_service`) whose clients `accept` takes, and registers it
 * with the nameservice as `service` unless that is undefined (as the nameservice itself is
 * exported). Resolves with its iref.
 */
export async function exportService(disp: Dispatcher, service: string | undefined, accept: AcceptHandler): Promise<Iref> {
  if (service !== undefined) checkServiceName(service);
  const iref = await disp.exportService(accept);
  if (service !== undefined) await disp.nameService.register(service, iref);
  return iref;
}

/** Binds to `target` and resolves with the channel end. */
export async function bindTarget(disp: Dispatcher, target: Target, options: BindOptions = {}): Promise<ChannelEnd> {
  if (typeof target === 'string') {
    checkServiceName(target);
    return disp.bind(await disp.nameService.waitFor(target), options);
  }
  if (typeof target === 'number') return disp.bind(target, options);
  if (typeof target === 'object' && target !== null) return disp.connectEndpoint(target);
  throw new FlounderError(
    'FLOUNDER_ERR_BAD_ARGUMENT',
    `connect: the target must be a service name, an iref or an endpoint cap, got ${describe(target)}`,
  );
}


/** Throws `FLOUNDER_ERR_BAD_ARGUMENT` unless `name` is a name the nameservice can hold. */
export function checkServiceName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw new FlounderError('FLOUNDER_ERR_BAD_ARGUMENT', `a service name must be a non-empty string, got ${describe(name)}`);
  }
  if (name.includes('\0') || utf8.encode(name).length > SERVICE_NAME_MAX_BYTES) {
    throw new FlounderError(
      'FLOUNDER_ERR_BAD_ARGUMENT',
      `a service name is at most ${SERVICE_NAME_MAX_BYTES} bytes of UTF-8 without NUL, got ${describe(name)}`,
    );
  }
}
