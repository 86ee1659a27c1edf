/**
 * The domains of the nameservice tests (see test/nameservice.test.ts), as module exports so
 * that any platform can spawn them. Errors cross back as their code and message.
 */
import type { Dispatcher } from '@flounder-ts/runtime';
import * as ping from '../../examples/gen/ping.js';
import { seen, type ErrorSeen } from './rpc.js';

/** This module, for spawning its domains by name. */
export const NAMESERVICE = import.meta.url;

/** Registers, looks up, waits for and counts names, and makes every mistake once. */
export async function user(disp: Dispatcher): Promise<{ waited: number; lookedUp: number; counts: number[]; errors: ErrorSeen[] }> {
  const ns = disp.nameService;
  const waiting = ns.waitFor('later.1');
  await ns.register('later.1', 1234);
  await ns.register('later.2', 1235);
  await ns.register('other', 1236);
  const errors = await Promise.all([
    ns.lookup('nobody').catch(seen),
    ns.register('other', 1).catch(seen),
    ns.register('', 1).catch(seen),
    ns.lookup('x'.repeat(256)).catch(seen),
  ]);
  return {
    waited: await waiting,
    lookedUp: await ns.lookup('later.2'),
    counts: [await ns.count('later'), await ns.count('other'), await ns.count('none')],
    errors: errors as ErrorSeen[],
  };
}

/** Listens under one name twice; returns the second attempt's error. */
export async function listenTwice(disp: Dispatcher): Promise<ErrorSeen | null> {
  await ping.listen(disp, 'once');
  return ping.listen(disp, 'once').then(() => null, seen);
}
