/**
 * The thesis' optimized ping-pong (section 4.3.3, Figure 4.22), in our terms: receive
 * handlers, and the main task dispatching the events itself.
 *
 * The thesis' Go server exports with an accept handler and a receive handler, then loops on
 * `flounder.EventDispatch()` in its main goroutine: no channels, no dispatch or sender
 * goroutines; each handler runs inside the main goroutine's event dispatch, which blocks
 * while nothing arrives. The same change was made to the client.
 *
 * Our faithful equivalent: the handler API (`serve`, `bind` with handlers, `tx` methods) for
 * the messages, and a main task blocked in `eventDispatch()` on the dispatcher's default
 * waitset. A pending event goes to the task waiting in `eventDispatch` before the dispatcher
 * would run it itself, so every handler runs on behalf of the main task, which then wakes up
 * and dispatches again: Figure 4.22's loop, paying what it pays, a task woken per event. Our
 * plain handler API (`handlerServer`, `handlerClient`) is the C programs of Figures 4.16 and
 * 4.17 instead: there the dispatcher runs its waitset itself, as `event_dispatch` in C's
 * `main` does, and no task wakes at all.
 *
 * The thesis' second step, pinning goroutines to threads and blocking calls that keep the
 * scheduling context, has nothing to change here: a dispatcher's tasks never migrate, and
 * nothing on the path blocks a thread.
 * @module
 */
import type { Dispatcher } from '@flounder-ts/runtime';
import type { ClientArgs, ClientResult } from '../../examples/pingpong/client.js';
import { PingTimer, type ServerArgs, type ServerResult } from '../../examples/pingpong/timer.js';
import * as ping from '../../examples/gen/ping.js';

/** Figure 4.22's server: the pong sent from the ping's handler, which the main task's event dispatch runs. */
export async function dispatchingServer(disp: Dispatcher, args: ServerArgs): Promise<ServerResult | undefined> {
  const { service, timer } = PingTimer.of(disp, args);
  await ping.serve(disp, service, () => ({
    ping: (b, m) => {
      timer?.received();
      b.tx.pong(m);
    },
  }));
  // Timed: until every ping has come (the dispatcher answers the rest itself); else forever.
  while (!timer?.finished) await disp.waitset.eventDispatch();
  return timer.done;
}

/** Figure 4.22's client: the next ping sent from the pong's handler, which the main task's event dispatch runs. */
export async function dispatchingClient(disp: Dispatcher, { service, clientId, count }: ClientArgs): Promise<ClientResult> {
  let msgId = 0;
  const server = await ping.bind(disp, service, {
    pong: (b, m) => {
      if (m.msgId !== msgId) throw new Error(`client ${clientId}: expected pong ${msgId}, got ${m.msgId}`);
      if (++msgId < count) b.tx.ping({ clientId, msgId });
    },
  });
  const t0 = performance.now();
  const c0 = disp.now();
  if (count > 0) server.tx.ping({ clientId, msgId });
  while (msgId < count) await disp.waitset.eventDispatch();
  const result = { interconnect: server.interconnect, roundTrips: count, cycles: disp.now() - c0, wallMs: performance.now() - t0 };
  server.close();
  return result;
}
