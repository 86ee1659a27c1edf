/**
 * The nameservice from one program's many tasks at once (thesis 3.3.2): servers register
 * `ping.1`, `ping.2`, ... one after another, while every task of a client program waits for
 * one of the names and pings the service behind it. All the tasks share their domain's one
 * binding to the nameservice, with their calls in flight together.
 * @module
 */
import type { Dispatcher } from '@flounder-ts/runtime';
import * as ping from '../gen/ping.js';

/** This module, for spawning its domains by name. */
export const LOOKUPS = import.meta.url;

/** Registers `count` ping services `ping.1` ... `ping.<count>`, one every `gap` cycles, and serves them. */
export async function registrar(disp: Dispatcher, { count, gap }: { count: number; gap: number }): Promise<void> {
  for (let n = 1; n <= count; n++) {
    await disp.sleep(gap);
    await ping.serve(disp, `ping.${n}`, () => ({ ping: (b, m) => b.tx.pong({ clientId: n, msgId: m.msgId }) }));
  }
}

/** What one task found. */
export interface Found {
  readonly name: string;
  readonly iref: number;
  /** The service number its pong carried. */
  readonly answeredBy: number;
  /** Cycles from the task's start until the nameservice answered with the name. */
  readonly waited: number;
}

/** Starts one task per name `ping.1` ... `ping.<count>`, all waiting for their names at once. */
export async function lookups(disp: Dispatcher, { count }: { count: number }): Promise<{ found: Found[]; classCount: number }> {
  const start = disp.now();
  const found = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      new Promise<Found>((resolve, reject) =>
        disp.go(async () => {
          try {
            const name = `ping.${i + 1}`;
            const iref = await disp.nameService.waitFor(name);
            const waited = disp.now() - start;
            const server = await ping.connect(disp, iref);
            await server.send.send({ type: 'ping', clientId: 0, msgId: i });
            const pong = await server.recv.recv();
            server.close();
            resolve({ name, iref, answeredBy: pong?.type === 'pong' ? pong.clientId : -1, waited });
          } catch (err) {
            reject(err);
          }
        }),
      ),
    ),
  );
  return { found, classCount: await disp.nameService.count('ping') };
}
