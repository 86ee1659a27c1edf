/**
 * The channel API's promises beyond the thesis': a failed send reaches its sender, teardown
 * reaches the peer, and a full receive buffer slows only its own binding, never dropping.
 */
import { ChanClosedError, isFlounderError, type Dispatcher } from '@flounder-ts/runtime';
import { describe, expect, it } from 'vitest';
import * as ping from '../examples/gen/ping.js';
import * as test from '../examples/gen/test.js';
import { newMachine, program } from './machines.js';

/**
 * A server that records every message of its one connection, in order, and returns once the
 * connection has closed (a program domain, so that the run lasts until then).
 */
async function recorder(disp: Dispatcher, service: string, log: string[], options?: { buffer?: number }): Promise<void> {
  const client = (await (await test.listen(disp, service, options)).recv())!;
  for await (const m of client.recv) log.push(m.type === 'str' ? `str ${m.arg} (${m.s.length})` : `${m.type} ${'arg' in m ? m.arg : ''}`);
  log.push(`closed ${String(await client.closed)}`);
}

describe('send errors reach the sender', () => {
  it('rejects a bad message with a FlounderError and sends nothing of it; the binding goes on', async () => {
    const machine = newMachine();
    const log: string[] = [];
    machine.spawn({ name: 'server', core: 1 }, (disp) => recorder(disp, 'errors', log));
    const errors = program(machine, 'client', 2, async (disp) => {
      const server = await test.connect(disp, 'errors');
      const attempts: unknown[] = [
        { type: 'basic', arg: -1 },
        { type: 'basic', arg: 2 ** 32 },
        { type: 'basic' },
        { type: 'str', arg: 1, s: 'x'.repeat(2048) },
        { type: 'nonsense' },
        null,
      ];
      const outcomes: unknown[] = [];
      for (const m of attempts) outcomes.push(await server.send.send(m as test.TestMessage).then(() => 'sent', (e: unknown) => e));
      try {
        server.send.trySend({ type: 'basic', arg: 1.5 });
      } catch (err) {
        outcomes.push(err);
      }
      await server.send.send({ type: 'basic', arg: 7 });
      server.close();
      return outcomes;
    });
    await machine.run();
    const [negative, huge, missing, long, unknown, nothing, fraction] = errors();
    expect((negative as Error).message).toBe('A message argument has the wrong type or is out of range: basic: arg must be an integer from 0 to 4294967295, got -1');
    expect(isFlounderError(huge, 'FLOUNDER_ERR_BAD_ARGUMENT')).toBe(true);
    expect((missing as Error).message).toContain('got undefined');
    expect(isFlounderError(long, 'FLOUNDER_ERR_TX_MSG_SIZE')).toBe(true);
    expect((unknown as Error).message).toContain("interface test has no message 'nonsense'");
    expect(isFlounderError(nothing, 'FLOUNDER_ERR_BAD_ARGUMENT')).toBe(true);
    expect(isFlounderError(fraction, 'FLOUNDER_ERR_BAD_ARGUMENT')).toBe(true);
    expect(log).toEqual(['basic 7', 'closed undefined']);
  });

  it('throws from a handler-API send method, synchronously', async () => {
    const machine = newMachine();
    machine.spawn({ name: 'server', core: 1, daemon: true }, (disp) => test.serve(disp, 'sync', () => ({})));
    const outcome = program(machine, 'client', 1, async (disp) => {
      const b = await test.bind(disp, 'sync');
      try {
        b.tx.str({ arg: 1, s: 'a\0b' });
        return 'sent';
      } catch (err) {
        return err;
      }
    });
    await machine.run();
    expect((outcome() as Error).message).toContain('str: s must be a string without NUL characters');
  });

  it('rejects the sends of a binding whose peer has gone, queued ones too', async () => {
    const machine = newMachine();
    // A server that reads nothing and ends its domain after a while: the client's LMP channel fills first.
    machine.spawn({ name: 'server', core: 1 }, async (disp) => {
      await test.listen(disp, 'gone', { buffer: 0 });
      await disp.sleep(200_000);
    });
    const outcome = program(machine, 'client', 1, async (disp) => {
      const server = await test.connect(disp, 'gone');
      const sends = Array.from({ length: 20 }, (_, i) => server.send.send({ type: 'str', arg: i, s: 'y'.repeat(500) }).then(() => 'sent', (e: unknown) => e));
      const settled = await Promise.all(sends);
      const after = await server.send.send({ type: 'basic', arg: 1 }).catch((e: unknown) => e);
      return { settled, after, backlog: server.send.len, closed: await server.closed };
    });
    await machine.run();
    const { settled, after, backlog, closed } = outcome();
    const failed = settled.filter((s) => s !== 'sent');
    expect(failed.length).toBeGreaterThan(0);
    for (const e of failed) expect(isFlounderError(e, 'FLOUNDER_ERR_BINDING_CLOSED')).toBe(true);
    expect(settled.slice(0, settled.length - failed.length).every((s) => s === 'sent')).toBe(true); // in order
    expect(isFlounderError(after, 'FLOUNDER_ERR_BINDING_CLOSED')).toBe(true);
    expect(backlog).toBe(0);
    expect(closed).toBeUndefined();
  });

  it('takes a message with trySend only when nothing is in flight', async () => {
    const machine = newMachine();
    const log: string[] = [];
    machine.spawn({ name: 'server', core: 1 }, (disp) => recorder(disp, 'try', log));
    const outcome = program(machine, 'client', 1, async (disp) => {
      const server = await test.connect(disp, 'try');
      const first = server.send.trySend({ type: 'str', arg: 1, s: 'z'.repeat(1500) }); // 25 fragments: the channel fills
      const second = server.send.trySend({ type: 'basic', arg: 2 });
      await server.send.send({ type: 'basic', arg: 3 });
      const third = server.send.trySend({ type: 'basic', arg: 4 });
      await disp.sleep(100_000);
      server.close();
      return [first, second, third];
    });
    await machine.run();
    expect(outcome()).toEqual([true, false, true]);
    expect(log).toEqual(['str 1 (1500)', 'basic 3', 'basic 4', 'closed undefined']);
  });

  it('takes back a send still waiting when its signal aborts', async () => {
    const machine = newMachine();
    const log: string[] = [];
    machine.spawn({ name: 'server', core: 1 }, (disp) => recorder(disp, 'abort', log));
    const outcome = program(machine, 'client', 2, async (disp) => {
      const server = await test.connect(disp, 'abort');
      const abort = new AbortController();
      const big = server.send.send({ type: 'str', arg: 1, s: 'w'.repeat(2000) });
      const small = server.send.send({ type: 'basic', arg: 2 }, abort.signal).catch((e: unknown) => e);
      abort.abort(new Error('changed my mind'));
      await big;
      await server.send.send({ type: 'basic', arg: 3 });
      await disp.sleep(100_000);
      server.close();
      return small;
    });
    await machine.run();
    expect((outcome() as Error).message).toBe('changed my mind');
    expect(log).toEqual(['str 1 (2000)', 'basic 3', 'closed undefined']);
  });
});

describe('teardown', () => {
  for (const [interconnect, core] of [
    ['lmp', 1],
    ['ump', 2],
  ] as const) {
    it(`delivers what was sent before close, then closes the peer's recv (${interconnect})`, async () => {
      const machine = newMachine();
      const log: string[] = [];
      machine.spawn({ name: 'server', core: 1 }, (disp) => recorder(disp, 'teardown', log));
      program(machine, 'client', core, async (disp) => {
        const server = await test.connect(disp, 'teardown');
        for (let i = 0; i < 30; i++) void server.send.send({ type: 'str', arg: i, s: 'v'.repeat(i * 40) });
        server.close();
        await server.closed;
        expect(await server.recv.recv2()).toEqual([undefined, false]);
        await expect(server.send.send({ type: 'basic', arg: 1 })).rejects.toThrow('it was closed');
      });
      await machine.run();
      expect(log).toEqual([...Array.from({ length: 30 }, (_, i) => `str ${i} (${i * 40})`), 'closed undefined']);
    });

    it(`tells a handler binding and a channel pair when the peer closes (${interconnect})`, async () => {
      const machine = newMachine();
      machine.spawn({ name: 'server', core: 1, daemon: true }, async (disp) => {
        await test.serve(disp, 'closer', () => ({ basic: (b) => b.close() }));
      });
      const outcome = program(machine, 'client', core, async (disp) => {
        const viaHandlers = await test.bind(disp, 'closer');
        const viaChannels = await test.connect(disp, 'closer');
        viaHandlers.tx.basic({ arg: 1 });
        await viaChannels.send.send({ type: 'basic', arg: 1 });
        return Promise.all([viaHandlers.closed, viaChannels.closed, viaChannels.recv.recv2()]);
      });
      await machine.run();
      expect(outcome()).toEqual([undefined, undefined, [undefined, false]]);
    });
  }

  it('closes the bindings of a domain that ends, and its peers see it', async () => {
    const machine = newMachine();
    const log: string[] = [];
    machine.spawn({ name: 'server', core: 1 }, (disp) => recorder(disp, 'ending', log));
    program(machine, 'client', 2, async (disp) => {
      const server = await test.connect(disp, 'ending');
      await server.send.send({ type: 'basic', arg: 5 });
      // The domain ends here without closing: the machine closes its channels.
    });
    await machine.run();
    expect(log).toEqual(['basic 5', 'closed undefined']);
  });

  it('stops accepting when the listener closes', async () => {
    const machine = newMachine();
    machine.spawn({ name: 'server', core: 1, daemon: true }, async (disp) => {
      const listener = await ping.listen(disp, 'once');
      const first = await listener.recv();
      listener.close();
      for await (const m of first!.recv) if (m.type === 'ping') await first!.send.send({ type: 'pong', clientId: 0, msgId: m.msgId });
    });
    const outcome = program(machine, 'client', 2, async (disp) => {
      const one = await ping.connect(disp, 'once');
      await one.send.send({ type: 'ping', clientId: 0, msgId: 1 });
      const pong = await one.recv.recv();
      const two = await ping.connect(disp, 'once').catch((e: unknown) => e);
      return { pong, two };
    });
    await machine.run();
    const { pong, two } = outcome();
    expect(pong).toEqual({ type: 'pong', clientId: 0, msgId: 1 });
    expect(isFlounderError(two, 'FLOUNDER_ERR_BIND')).toBe(true);
  });
});

describe('backpressure', () => {
  it('a full receive buffer slows only its own binding, and nothing is dropped', async () => {
    const machine = newMachine();
    const slowLog: number[] = [];
    let slowReaderStarted = 0;
    machine.spawn({ name: 'server', core: 1 }, async (disp) => {
      const listener = await ping.listen(disp, 'pressure', { buffer: 2 });
      const serve = async (client: ping.PingChannel): Promise<void> => {
        const first = await client.recv.recv();
        if (first?.type === 'ping' && first.clientId === 1) {
          // The slow connection: read nothing for a long while, then everything.
          await disp.sleep(5_000_000);
          slowReaderStarted = disp.now();
          slowLog.push(first.msgId);
          for await (const m of client.recv) slowLog.push(m.msgId);
          return;
        }
        for (let m = first; m !== undefined; m = await client.recv.recv()) {
          if (m.type === 'ping') await client.send.send({ type: 'pong', clientId: m.clientId, msgId: m.msgId });
        }
      };
      await Promise.all([serve((await listener.recv())!), serve((await listener.recv())!)]);
    });
    const flooder = program(machine, 'flooder', 2, async (disp) => {
      const server = await ping.connect(disp, 'pressure');
      for (let msgId = 0; msgId < 300; msgId++) await server.send.send({ type: 'ping', clientId: 1, msgId });
      const stalls = server.counters.stalls;
      server.close();
      return { stalls, finished: disp.now() };
    });
    const prompt = program(machine, 'prompt', 3, async (disp) => {
      const server = await ping.connect(disp, 'pressure');
      for (let msgId = 0; msgId < 100; msgId++) {
        await server.send.send({ type: 'ping', clientId: 2, msgId });
        await server.recv.recv();
      }
      server.close();
      return disp.now();
    });
    await machine.run();
    const { stalls, finished } = flooder();
    expect(stalls).toBeGreaterThan(0); // the flooder waited for its channel
    expect(finished).toBeGreaterThan(slowReaderStarted); // ... until the slow reader read
    expect(prompt()).toBeLessThan(slowReaderStarted); // the other client was served all along
    expect(slowLog).toEqual(Array.from({ length: 300 }, (_, i) => i)); // nothing lost, in order
  });
});

describe('the pair', () => {
  it('is a Go channel pair: select works on recv, closing twice is harmless, a closed recv says so', async () => {
    const machine = newMachine();
    machine.spawn({ name: 'server', core: 1 }, (disp) => recorder(disp, 'pair', []));
    const outcome = program(machine, 'client', 2, async (disp) => {
      const { select, recvCase } = await import('@flounder-ts/runtime');
      const server = await test.connect(disp, 'pair');
      const r = await select([recvCase(server.recv)], { default: true });
      server.close();
      server.close();
      server.send.close();
      let closedError: unknown;
      try {
        (server.recv as unknown as { close(): void }).close();
      } catch (err) {
        closedError = err;
      }
      return { index: r.index, closedError };
    });
    await machine.run();
    const { index, closedError } = outcome();
    expect(index).toBe(-1);
    expect(closedError).toBeInstanceOf(ChanClosedError);
  });
});
