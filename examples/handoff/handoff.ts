/**
 * Channels passed over channels: a broker answers `open` with the endpoint of a fresh `ping`
 * channel to a worker task of its own, moving the endpoint cap to the caller, who binds to it
 * and pings the worker directly. Both are domain main functions (see examples/pingpong).
 * @module
 */
import type { Dispatcher } from '@flounder-ts/runtime';
import * as handoff from '../gen/handoff.js';
import * as ping from '../gen/ping.js';

/** This module, for spawning its domains by name. */
export const HANDOFF = import.meta.url;

/** Serves `open`: each call gets a new channel to a worker answering pings as `worker`. */
export async function broker(disp: Dispatcher): Promise<void> {
  await handoff.serveRpc(disp, 'broker', {
    open(call, binding) {
      // An LMP endpoint can only be bound on this core: the caller is here if it came over LMP.
      const { cap, channel } = ping.createEndpoint(disp, binding.interconnect === 'ump' ? 'ump' : 'lmp');
      disp.go(async () => {
        for await (const m of channel.recv) {
          if (m.type === 'ping') await channel.send.send({ type: 'pong', clientId: call.worker, msgId: m.msgId });
        }
      });
      return { endpoint: cap };
    },
  });
}

/** Opens a channel to worker `worker` through the broker and pings it `count` times; resolves with the interconnects used. */
export async function handoffClient(disp: Dispatcher, { worker, count }: { worker: number; count: number }): Promise<string[]> {
  const broker = await handoff.bind(disp, 'broker');
  const { endpoint } = await broker.rpc.open({ worker });
  const channel = await ping.connect(disp, endpoint);
  for (let msgId = 0; msgId < count; msgId++) {
    await channel.send.send({ type: 'ping', clientId: 0, msgId });
    const pong = await channel.recv.recv();
    if (pong?.type !== 'pong' || pong.clientId !== worker || pong.msgId !== msgId) {
      throw new Error(`expected pong ${msgId} from worker ${worker}, got ${JSON.stringify(pong)}`);
    }
  }
  channel.close();
  return [broker.interconnect, channel.interconnect];
}
