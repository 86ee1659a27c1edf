import { describe, expect, it } from 'vitest';
import { Chan, FlounderError, RECV_EMPTY, go, recvCase, select, type ChannelEnd } from '@flounder-ts/runtime';
import { DeadlockError, Machine, TaskFailedError, Topology } from '../src/index.js';
import { recvFrames, sendFrames, serve } from './helpers.js';

describe('running', () => {
  it('ends when every program domain has ended; daemons do not keep it alive', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    const log: string[] = [];
    machine.spawn({ name: 'forever', core: 0, daemon: true }, async (disp) => {
      for (;;) {
        await disp.sleep(1000);
        log.push('tick');
      }
    });
    machine.spawn({ name: 'main', core: 1 }, async (disp) => {
      await disp.sleep(3500);
      log.push('done');
    });
    const report = await machine.run();
    expect(log).toEqual(['tick', 'tick', 'tick', 'done']);
    expect(report.cycles).toBeGreaterThanOrEqual(3500);
    expect(report.seconds).toBeCloseTo(report.cycles / 3.4e9, 15);
    // A later run continues the daemon alongside new program domains.
    machine.spawn({ name: 'second', core: 2 }, async (disp) => {
      await disp.sleep(2000);
    });
    await machine.run();
    expect(log.filter((l) => l === 'tick').length).toBeGreaterThanOrEqual(5);
  });

  it('reports every asleep dispatcher and what it waits for', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    const iref = serve(machine, 'silent', 3, () => {});
    machine.spawn({ name: 'waiter', core: 7 }, async (disp) => {
      const end = await disp.bind(await iref);
      await recvFrames(end, 1);
    });
    machine.spawn({ name: 'idle', core: 8 }, async (disp) => {
      await disp.createWaitset().eventDispatch();
    });
    const error = await machine.run().then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(DeadlockError);
    const message = (error as DeadlockError).message;
    expect(message).toMatch(/^all dispatchers are asleep - deadlock!/);
    expect(message).toMatch(/waiter@7:\n {4}1 unfinished task\n {4}waits to receive on ump#\d+ waiter@7 -> silent@3 \(polled\)/);
    expect(message).toMatch(/idle@8:\n {4}1 unfinished task\n {4}a task waits in eventDispatch on waitset idle@8\/ws1/);
    expect((error as DeadlockError).blocked.map((b) => b.dispatcher)).toEqual(['waiter@7', 'idle@8']);
  });

  it('fails with the error and the dispatcher when a task or a handler throws', async () => {
    const cases: [string, (m: Machine) => void, RegExp][] = [
      [
        'main',
        (m) => m.spawn({ name: 'thrower', core: 1 }, () => { throw new RangeError('bad value'); }),
        /^its main task on dispatcher thrower@1 failed: bad value$/,
      ],
      [
        'disp.go',
        (m) =>
          m.spawn({ name: 'spawner', core: 2 }, async (disp) => {
            disp.go(async () => {
              await disp.sleep(10);
              throw new FlounderError('FLOUNDER_ERR_TX_BUSY', 'oops');
            });
            await disp.sleep(1000);
          }),
        /^a task on dispatcher spawner@2 failed \[FLOUNDER_ERR_TX_BUSY\]: .*oops$/,
      ],
      [
        'runtime go',
        (m) =>
          m.spawn({ name: 'goer', core: 3 }, async (disp) => {
            go(() => {
              throw new Error('from go');
            });
            await disp.sleep(1000);
          }),
        /^a task started with go\(\) on dispatcher goer@3 failed: from go$/,
      ],
      [
        'handler',
        (m) => {
          const iref = serve(m, 'fragile', 0, (end) => {
            end.registerRecv(() => {
              throw new Error('handler broke');
            });
          });
          m.spawn({ name: 'poker', core: 1 }, async (disp) => {
            const end = await disp.bind(await iref);
            await sendFrames(end, [{ words: [1n] }]);
            await disp.sleep(1_000_000);
          });
        },
        /^the handler of recv on ump#\d+ fragile@0 -> poker@1 on dispatcher fragile@0 failed: handler broke$/,
      ],
    ];
    for (const [name, setup, pattern] of cases) {
      const machine = new Machine({ topology: 'haswell-1x4' });
      setup(machine);
      const error = await machine.run().then(
        () => null,
        (err: unknown) => err,
      );
      expect(error, name).toBeInstanceOf(TaskFailedError);
      expect((error as Error).message, name).toMatch(pattern);
      expect((error as Error).cause, name).toBeInstanceOf(Error);
    }
  });

  it('starts the system services it is given at boot', async () => {
    const machine = new Machine({
      topology: 'haswell-1x4',
      boot: [
        (m) =>
          m.spawn({ name: 'names', core: 0, daemon: true }, async (disp) => {
            await disp.setNameServiceIref(await disp.exportService(() => {}));
          }),
      ],
    });
    let found = 0;
    machine.spawn({ name: 'app', core: 3 }, async (disp) => {
      found = await disp.nameServiceIref();
    });
    await machine.run();
    expect(found).toBe(1);
  });

  it('validates what it is given', () => {
    expect(() => new Machine({ topology: 'pentium-1x1' as 'haswell-1x4' })).toThrow(/unknown topology preset 'pentium-1x1'; presets: ivybridge-2x10, haswell-1x4/);
    expect(() => new Machine({ topology: 'haswell-1x4', clock: 'fast' as 'measured' })).toThrow(/clock must be 'deterministic' or 'measured'/);
    expect(() => new Machine({ topology: 'haswell-1x4', costs: { lmpSend: -1 } })).toThrow(/lmpSend must be a number of cycles >= 0/);
    const machine = new Machine({ topology: 'haswell-1x4' });
    expect(() => machine.spawn({ name: 'x', core: 4 }, () => {})).toThrow(/core 4 does not exist; haswell-1x4 has cores 0-3/);
    expect(() => machine.spawn({ name: '', core: 0 }, () => {})).toThrow(/name must be a non-empty string/);
  });
});

describe('topologies', () => {
  it('have the thesis machines as presets', () => {
    const ivy = Topology.from('ivybridge-2x10');
    expect([ivy.size, ivy.sockets, ivy.nodes, ivy.ghz]).toEqual([20, 2, 2, 2.5]);
    expect(ivy.cores[9]).toEqual({ id: 9, socket: 0, node: 0 });
    expect(ivy.cores[10]).toEqual({ id: 10, socket: 1, node: 1 });
    expect(ivy.lineTransfer(1, 9)).toBeLessThan(ivy.lineTransfer(1, 10));
    const haswell = Topology.from('haswell-1x4');
    expect([haswell.size, haswell.ghz]).toEqual([4, 3.4]);
  });

  it('take any shape up to thousands of cores, with a latency table per NUMA node', async () => {
    const big = new Topology({ sockets: 8, coresPerSocket: 32, nodesPerSocket: 2, ghz: 2 });
    expect(big.size).toBe(256);
    expect(big.cores[16]!.node).toBe(1);
    expect(big.lineTransfer(0, 1)).toBe(big.lineTransfer(0, 16));
    expect(big.lineTransfer(0, 32)).toBeGreaterThan(big.lineTransfer(0, 16));
    expect(() => new Topology({ sockets: 1, coresPerSocket: 6, nodesPerSocket: 4, ghz: 1 })).toThrow(/do not split evenly/);
    expect(() => new Topology({ sockets: 2, coresPerSocket: 2, ghz: 1, lineTransfer: [[1]] })).toThrow(/must be a 2x2 table/);
    expect(() => new Topology({ sockets: 0, coresPerSocket: 2, ghz: 1 })).toThrow(/sockets must be a positive integer, got 0/);

    // A 256-core machine runs: a ring of pings across every core.
    const machine = new Machine({ topology: big });
    const irefs: Promise<number>[] = [];
    for (let core = 0; core < 256; core++) irefs.push(serve(machine, `s${core}`, core, (end) => void recvFrames(end, 1)));
    let bound = 0;
    machine.spawn({ name: 'pinger', core: 0 }, async (disp) => {
      for (const iref of irefs) {
        const end = await disp.bind(await iref);
        await sendFrames(end, [{ words: [7n] }]);
        bound++;
      }
    });
    await machine.run();
    expect(bound).toBe(256);
  });
});

describe('teardown', () => {
  it('tells the peer after the frames already sent, and refuses further sends', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    const results: Record<string, unknown> = {};
    const iref = serve(machine, 'server', 1, (end) => {
      void recvFrames(end, 1000).then((frames) => {
        results.received = frames.length;
        results.peerClosed = end.peerClosed;
        try {
          sendFrames(end, [{ words: [1n] }]).catch(() => {});
          const buf = new Uint32Array(16);
          if (end.kind === 'ump') end.send(buf, 0, 1, 0, 0);
        } catch (err) {
          results.sendAfter = (err as FlounderError).code;
        }
      });
    });
    machine.spawn({ name: 'client', core: 2 }, async (disp) => {
      const end = await disp.bind(await iref);
      await sendFrames(end, Array.from({ length: 10 }, (_, i) => ({ words: [BigInt(i)] })));
      end.close();
      end.close(); // twice is harmless
      try {
        await sendFrames(end, [{ words: [1n] }]);
      } catch (err) {
        results.sendOnClosed = (err as FlounderError).message;
      }
      await disp.sleep(100_000);
    });
    await machine.run();
    expect(results).toEqual({
      received: 10,
      peerClosed: true,
      sendAfter: 'FLOUNDER_ERR_BINDING_CLOSED',
      sendOnClosed: expect.stringMatching(/^The binding has been torn down: ump#\d+ client@2 -> server@1: this end was closed$/),
    });
  });

  it('lets closed channels go: binding and closing again and again holds no caps', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    const iref = serve(machine, 'server', 0, (end) => void recvFrames(end, 1).then(() => end.close()));
    machine.spawn({ name: 'client', core: 0 }, async (disp) => {
      for (let i = 0; i < 300; i++) {
        const end = await disp.bind(await iref, {});
        await sendFrames(end, [{ words: [BigInt(i)] }]);
        end.close();
      }
    });
    machine.spawn({ name: 'far', core: 3 }, async (disp) => {
      for (let i = 0; i < 300; i++) {
        const end = await disp.bind(await iref);
        await sendFrames(end, [{ words: [BigInt(i)] }]);
        end.close();
      }
    });
    await machine.run();
    // What is left are the monitor bindings' endpoint caps, the intermon frame, and perhaps the
    // server's last channel, which it had not closed yet when the clients ended: nothing of the
    // 600 channels before.
    const held = machine.cpus.map((cpu) => cpu.cspace.size);
    expect(held[0]).toBeLessThanOrEqual(8);
    expect(held[3]).toBeLessThanOrEqual(3);
    const { channels } = machine.counters();
    expect(channels.filter((c) => c.dispatcher === 'far@3' && c.kind === 'ump')).toHaveLength(300);
  });

  it('closes the channels of a domain that ends', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    let closedSeen = false;
    const iref = serve(machine, 'server', 0, (end) => {
      void recvFrames(end, 5).then(() => (closedSeen = end.peerClosed));
    });
    machine.spawn({ name: 'client', core: 0 }, async (disp) => {
      await disp.bind(await iref); // bound, then main returns
    });
    machine.spawn({ name: 'observer', core: 3 }, async (disp) => {
      await disp.sleep(1_000_000);
    });
    await machine.run();
    expect(closedSeen).toBe(true);
  });
});

describe('endpoints passed as caps', () => {
  for (const [kind, core] of [
    ['lmp', 1],
    ['ump', 3],
  ] as const) {
    it(`a channel made from an ${kind.toUpperCase()} endpoint cap sent over another channel`, async () => {
      const machine = new Machine({ topology: 'haswell-1x4' });
      let answer: bigint[] = [];
      const iref = serve(machine, 'maker', 1, (end, disp) => {
        // The maker creates a fresh endpoint and hands its cap to the client.
        const made = disp.createEndpoint(kind);
        void sendFrames(end, [{ words: [], cap: made.cap, msgnum: 0 }]).then(async () => {
          if (end.kind === 'ump') end.sendCap(made.cap, 0, false);
          const [frame] = await recvFrames(made.end, 1);
          await sendFrames(made.end, [{ words: frame!.words.slice(0, 1).map((w) => w * 2n) }]);
        });
      });
      machine.spawn({ name: 'client', core }, async (disp) => {
        const end = await disp.bind(await iref);
        const cap = await new Promise<ReturnType<typeof disp.createCap>>((resolve) => {
          const buf = new Uint32Array(20);
          end.registerRecv(
            () => {
              while (end.recv(buf) !== RECV_EMPTY) if (end.kind !== 'ump' && end.rxCap) resolve(end.rxCap);
              if (end.kind === 'ump') {
                const d = end.recvCap();
                if (d) resolve(d.cap);
              }
            },
            { persistent: true },
          );
        });
        expect(disp.identifyCap(cap).type).toBe(kind === 'lmp' ? 'EndPointLMP' : 'Frame');
        const direct: ChannelEnd = disp.connectEndpoint(cap);
        const reply = recvFrames(direct, 1);
        await sendFrames(direct, [{ words: [21n] }]);
        answer = (await reply)[0]!.words.slice(0, 1);
      });
      await machine.run();
      expect(answer).toEqual([42n]);
    });
  }

  it('an LMP endpoint cannot be bound from another core', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    let error = '';
    const iref = serve(machine, 'maker', 0, (end, disp) => {
      if (end.kind === 'ump') end.sendCap(disp.createEndpoint('lmp').cap, 0, false);
    });
    machine.spawn({ name: 'far', core: 2 }, async (disp) => {
      const end = await disp.bind(await iref);
      if (end.kind !== 'ump') throw new Error('expected UMP');
      const cap = await new Promise<ReturnType<typeof disp.createCap>>((resolve) => {
        end.registerRecv(() => {
          const d = end.recvCap();
          if (d) resolve(d.cap);
        }, { persistent: true });
      });
      try {
        disp.connectEndpoint(cap);
      } catch (err) {
        error = `${(err as FlounderError).code}: ${(err as FlounderError).message}`;
      }
    });
    await machine.run();
    expect(error).toMatch(/^MON_ERR_IDC_BIND_NOT_SAME_CORE: .*belongs to maker@0, on core 0; LMP works within one core$/);
  });
});

describe('async code on the machine', () => {
  it('continuations run before the next event: a channel-API round trip costs what a handler one does', async () => {
    async function roundTrip(style: 'handler' | 'chan'): Promise<number> {
      const machine = new Machine({ topology: 'ivybridge-2x10' });
      const iref = serve(machine, 'echo', 1, (end) => {
        const buf = new Uint32Array(16);
        end.registerRecv(
          () => {
            while (end.recv(buf) !== RECV_EMPTY) if (end.kind === 'ump') end.send(buf, 0, 1, end.rxMsgnum, 0);
          },
          { persistent: true },
        );
      });
      let perTrip = 0;
      machine.spawn({ name: 'client', core: 2 }, async (disp) => {
        const end = await disp.bind(await iref);
        if (end.kind !== 'ump') throw new Error('expected UMP');
        const buf = new Uint32Array(16);
        const replies = new Chan<number>(1);
        let handlerDone: (() => void) | undefined;
        end.registerRecv(
          () => {
            while (end.recv(buf) !== RECV_EMPTY) {
              if (style === 'chan') replies.trySend(end.rxMsgnum);
              else handlerDone?.();
            }
          },
          { persistent: true },
        );
        const t0 = disp.now();
        for (let i = 0; i < 100; i++) {
          end.send(buf, 0, 1, i, 0);
          if (style === 'chan') {
            const [got] = (await replies.recv2()) as [number, boolean];
            if (got !== i) throw new Error('out of order');
          } else {
            await new Promise<void>((r) => (handlerDone = r));
          }
        }
        perTrip = (disp.now() - t0) / 100;
      });
      await machine.run();
      return perTrip;
    }
    const handler = await roundTrip('handler');
    const chan = await roundTrip('chan');
    expect(handler).toBeGreaterThan(300);
    expect(chan).toBe(handler);
  });

  it('select draws from the seeded machine source', async () => {
    async function choices(seed: number): Promise<number[]> {
      const machine = new Machine({ topology: 'haswell-1x4', seed });
      const picked: number[] = [];
      machine.spawn({ name: 'chooser', core: 0 }, async () => {
        const a = new Chan<number>(100);
        const b = new Chan<number>(100);
        for (let i = 0; i < 50; i++) {
          a.trySend(0);
          b.trySend(1);
        }
        for (let i = 0; i < 40; i++) picked.push((await select([recvCase(a), recvCase(b)])).index);
      });
      await machine.run();
      return picked;
    }
    const first = await choices(7);
    expect(await choices(7)).toEqual(first);
    expect(await choices(8)).not.toEqual(first);
    expect(new Set(first).size).toBe(2);
  });
});
