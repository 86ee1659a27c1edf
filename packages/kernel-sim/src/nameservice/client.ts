/**
 * A domain's client of the nameservice, the runtime's `NameService` for `listen`, `serve`
 * and `connect`: one binding per dispatcher, made on first use through the iref the monitor
 * gives, with any number of calls in flight, so every task of a program may look names up
 * at once.
 * @module
 */

import { checkServiceName, type Dispatcher, type Iref, type NameService } from '@flounder-ts/runtime';
import * as ns from './nameservice.js';

export class NameServiceClient implements NameService {
  private binding: Promise<ns.NameserviceBinding> | undefined = undefined;

  constructor(private readonly disp: Dispatcher) {}

  async register(name: string, iref: Iref): Promise<void> {
    checkServiceName(name);
    await (await this.bound()).rpc.register({ name, iref });
  }

  async lookup(name: string): Promise<Iref> {
    checkServiceName(name);
    return (await (await this.bound()).rpc.get({ name })).iref;
  }

  async waitFor(name: string): Promise<Iref> {
    checkServiceName(name);
    return (await (await this.bound()).rpc.wait_for({ name })).iref;
  }

  async count(nameClass: string): Promise<number> {
    return (await (await this.bound()).rpc.get_count({ nameClass })).count;
  }

  /** The binding to the nameservice; bound again if it has gone. */
  private bound(): Promise<ns.NameserviceBinding> {
    if (this.binding === undefined) {
      const binding = this.disp.nameServiceIref().then((iref) => ns.bind(this.disp, iref));
      this.binding = binding;
      const forget = (): void => {
        if (this.binding === binding) this.binding = undefined;
      };
      binding.then((b) => b.closed.then(forget), forget);
    }
    return this.binding;
  }
}
