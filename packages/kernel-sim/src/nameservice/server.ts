/**
 * The nameservice (thesis 3.3.2 and Appendix B): names of services mapped to their irefs,
 * served like the thesis' Go version with the generated channel API: a task per connection,
 * a map guarded by a read-write lock, and a waiting list per name for `wait_for` calls made
 * before the name is registered. It runs on core 0 from boot and tells the monitors its
 * iref; every domain's client (`client.ts`) asks its monitor for it.
 *
 * Unlike the thesis' version, a client may have many calls in flight on one connection (the
 * answers carry the calls' tokens), and a failed lookup or a second registration of a name
 * answers the call with an error instead of stopping the service.
 * @module
 */

import { FlounderError, RWMutex, isFlounderError, type Dispatcher, type Iref } from '@flounder-ts/runtime';
import type { Machine } from '../machine.js';
import * as ns from './nameservice.js';

/** A name's class: the letters before a `.` and a number (`ping.3` is of class `ping`). */
const CLASS = /^([a-zA-Z]*)\.[0-9]*$/;

interface Waiter {
  readonly client: ns.NameserviceChannel;
  readonly call: ns.WaitForCall;
}

/** The names and the clients waiting for them. */
class NameService {
  private readonly names = new Map<string, Iref>();
  private readonly classes = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly lock = new RWMutex();

  /** Serves one connection until it closes. */
  async serve(client: ns.NameserviceChannel): Promise<void> {
    try {
      for await (const m of client.recv) {
        switch (m.type) {
          case 'register_call':
            await this.register(client, m);
            break;
          case 'get_call':
            await this.get(client, m);
            break;
          case 'wait_for_call':
            await this.waitFor(client, m);
            break;
          case 'get_count_call':
            await this.getCount(client, m);
            break;
          default: // a response: this client does not speak the protocol
            client.close();
        }
      }
    } catch (err) {
      if (!isFlounderError(err, 'FLOUNDER_ERR_BINDING_CLOSED')) throw err; // the client went away
    }
  }

  private async register(client: ns.NameserviceChannel, call: ns.RegisterCall): Promise<void> {
    await this.lock.lock();
    const taken = this.names.has(call.name);
    const waiters = taken ? [] : (this.waiting.get(call.name) ?? []);
    if (!taken) {
      this.names.set(call.name, call.iref);
      const nameClass = CLASS.exec(call.name)?.[1];
      if (nameClass !== undefined) this.classes.set(nameClass, (this.classes.get(nameClass) ?? 0) + 1);
      this.waiting.delete(call.name);
    }
    this.lock.unlock();
    if (taken) return client.fail(call, new FlounderError('LIB_ERR_NAMESERVICE_NAME_TAKEN', call.name));
    for (const w of waiters) w.client.reply(w.call, { iref: call.iref }).catch(ignoreClosed);
    await client.reply(call, {});
  }

  private async get(client: ns.NameserviceChannel, call: ns.GetCall): Promise<void> {
    await this.lock.rLock();
    const iref = this.names.get(call.name);
    this.lock.rUnlock();
    if (iref === undefined) await client.fail(call, new FlounderError('LIB_ERR_NAMESERVICE_UNKNOWN_NAME', call.name));
    else await client.reply(call, { iref });
  }

  private async waitFor(client: ns.NameserviceChannel, call: ns.WaitForCall): Promise<void> {
    await this.lock.lock();
    const iref = this.names.get(call.name);
    if (iref === undefined) {
      const list = this.waiting.get(call.name);
      if (list) list.push({ client, call });
      else this.waiting.set(call.name, [{ client, call }]);
    }
    this.lock.unlock();
    if (iref !== undefined) await client.reply(call, { iref });
  }

  private async getCount(client: ns.NameserviceChannel, call: ns.GetCountCall): Promise<void> {
    await this.lock.rLock();
    const count = this.classes.get(call.nameClass) ?? 0;
    this.lock.rUnlock();
    await client.reply(call, { count });
  }
}

function ignoreClosed(err: unknown): void {
  if (!isFlounderError(err, 'FLOUNDER_ERR_BINDING_CLOSED')) throw err;
}

/**
 * The nameservice domain's main function: exports the service without a name (it is the
 * one that holds the names), tells the monitors its iref, and serves every connection in a
 * task of its own.
 */
export async function nameserviceMain(disp: Dispatcher): Promise<void> {
  const service = new NameService();
  const connections = await ns.listen(disp);
  await disp.setNameServiceIref(connections.iref);
  for await (const client of connections) disp.go(() => service.serve(client));
}

/**
 * Starts the nameservice on core 0 of `machine`, as a daemon: give it as a boot service,
 * `new Machine({ topology, boot: [nameservice] })`.
 */
export function nameservice(machine: Machine): void {
  machine.spawn({ name: 'nameservice', core: 0, daemon: true }, { module: import.meta.url, export: 'nameserviceMain' });
}
