/**
 * Faults on the threads platform through generated stubs: an RPC server whose worker thread
 * dies with calls in flight. Every call rejects and none hangs; the client's binding is
 * closed; domains on other threads finish.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { TaskFailedError } from '@flounder-ts/kernel-sim';
import { CLIENTS, type ClientResult } from '../examples/pingpong/client.js';
import { SERVERS } from '../examples/pingpong/server.js';
import { RPC, type ErrorSeen, type dyingClient } from './domains/rpc.js';
import { newMachine } from './machines.js';

describe('on threads, an RPC server whose thread dies', () => {
  it('rejects every call in flight, and the rest of the machine runs on', async () => {
    const machine = newMachine({ platform: 'threads', threads: { maxThreads: 4 } });
    onTestFinished(() => machine.shutdown());
    // Threads: core c on thread c % 4. The server dies with thread 1 (cores 1, 5, 9, ...).
    machine.spawn({ name: 'server', core: 1, daemon: true }, { module: RPC, export: 'crashingServer' });
    const caller = machine.spawn({ name: 'caller', core: 2 }, { module: RPC, export: 'dyingClient' });
    machine.spawn({ name: 'pong', core: 3, daemon: true }, { module: SERVERS, export: 'handlerServer', arg: 'pong' });
    const pinger = machine.spawn({ name: 'pinger', core: 6 }, { module: CLIENTS, export: 'handlerClient', arg: { service: 'pong', clientId: 0, count: 2000 } });

    const failure = await machine.run().then(
      () => null,
      (err: unknown) => err,
    );
    const reason = 'the worker thread of cores 1, 5, 9, 13, 17 threw: the server crashed';
    expect(failure).toBeInstanceOf(TaskFailedError);
    expect((failure as Error).message).toBe(`domain 'server' on core 1 was lost: ${reason}`);

    const { errors, closed, after } = (await caller.result) as Awaited<ReturnType<typeof dyingClient>>;
    expect(errors).toHaveLength(10);
    for (const e of errors) expect((e as ErrorSeen).code).toBe('FLOUNDER_ERR_BINDING_CLOSED');
    expect(closed).toBeUndefined();
    expect(after?.code).toBe('FLOUNDER_ERR_BINDING_CLOSED');
    expect(((await pinger.result) as ClientResult).roundTrips).toBe(2000);
  });
});
