import { describe, expect, it } from 'vitest';
import { FlounderError } from '@flounder-ts/runtime';
import { Machine, WaitsetChannel, type Dispatcher } from '../src/index.js';

/** Runs `body` as the main task of a domain on a small machine. */
async function onDispatcher(body: (disp: Dispatcher) => Promise<void> | void): Promise<void> {
  const machine = new Machine({ topology: 'haswell-1x4' });
  machine.spawn({ name: 'ws', core: 1 }, body);
  await machine.run();
}

function code(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (err) {
    return (err as FlounderError).code;
  }
}

describe('waitsets', () => {
  it('move channels through Barrelfish states: one-shot and persistent registration', async () => {
    const log: string[] = [];
    await onDispatcher((disp) => {
      const ws = disp.createWaitset();
      const a = new WaitsetChannel('a', false, () => false);
      const p = new WaitsetChannel('p', true, () => false);
      expect(a.state).toBe('unregistered');
      ws.register(a, () => log.push('a'), false);
      ws.register(p, () => log.push('p'), true);
      expect([a.state, p.state]).toEqual(['idle', 'polled']);
      expect(ws.eventDispatchNonBlock()).toBe('LIB_ERR_NO_EVENT');
      a.trigger();
      p.trigger();
      expect([a.state, p.state]).toEqual(['pending', 'pending']);
      expect(ws.eventDispatchNonBlock()).toBe('SYS_ERR_OK');
      expect(ws.eventDispatchNonBlock()).toBe('SYS_ERR_OK');
      expect(ws.eventDispatchNonBlock()).toBe('LIB_ERR_NO_EVENT');
      // One-shot: unregistered after its event. Persistent: registered again.
      expect([a.state, p.state]).toEqual(['unregistered', 'polled']);
      a.trigger(); // not registered: nothing happens
      p.trigger();
      expect(ws.eventDispatchNonBlock()).toBe('SYS_ERR_OK');
      expect(log).toEqual(['a', 'p', 'p']);
    });
  });

  it('refuse double registration and deregistering an unregistered channel', async () => {
    await onDispatcher((disp) => {
      const ws = disp.createWaitset();
      const c = new WaitsetChannel('c', false, () => false);
      expect(code(() => ws.deregister(c))).toBe('LIB_ERR_CHAN_NOT_REGISTERED');
      ws.register(c, () => {}, false);
      expect(code(() => ws.register(c, () => {}, false))).toBe('LIB_ERR_CHAN_ALREADY_REGISTERED');
      c.trigger();
      ws.deregister(c); // a pending channel can be deregistered too
      expect(c.state).toBe('unregistered');
      expect(ws.eventDispatchNonBlock()).toBe('LIB_ERR_NO_EVENT');
    });
  });

  it('trigger at registration when the event has already happened', async () => {
    await onDispatcher((disp) => {
      const ws = disp.createWaitset();
      let ready = true;
      const c = new WaitsetChannel('c', false, () => ready);
      ws.register(c, () => (ready = false), false);
      expect(c.state).toBe('pending');
      expect(ws.eventDispatchNonBlock()).toBe('SYS_ERR_OK');
      expect(ready).toBe(false);
    });
  });

  it('eventDispatch blocks a task until an event, runs exactly one handler', async () => {
    const log: string[] = [];
    await onDispatcher(async (disp) => {
      const ws = disp.createWaitset();
      const c = new WaitsetChannel('c', false, () => false);
      ws.register(c, () => log.push(`handler at ${disp.now()}`), true);
      disp.go(async () => {
        await disp.sleep(1000);
        log.push('trigger');
        c.trigger();
        c.trigger(); // already pending: still one event
      });
      await ws.eventDispatch();
      log.push('dispatched');
      expect(ws.eventDispatchNonBlock()).toBe('LIB_ERR_NO_EVENT');
    });
    expect(log).toEqual(['trigger', expect.stringMatching(/^handler at \d+/), 'dispatched']);
  });

  it('waitForChannel takes its channel without running the handler; others wait', async () => {
    const log: string[] = [];
    await onDispatcher(async (disp) => {
      const ws = disp.createWaitset();
      const x = new WaitsetChannel('x', false, () => false);
      const y = new WaitsetChannel('y', false, () => false);
      ws.register(x, () => log.push('x handler'), false);
      ws.register(y, () => log.push('y handler'), false);
      disp.go(async () => {
        await disp.sleep(100);
        y.trigger();
        await disp.sleep(100);
        log.push(`y is ${y.state}`);
        x.trigger();
      });
      await ws.waitForChannel(x);
      log.push(`got x, now ${x.state}`);
      expect(ws.eventDispatchNonBlock()).toBe('SYS_ERR_OK');
    });
    expect(log).toEqual(['y is waiting', 'got x, now unregistered', 'y handler']);
  });

  it('the default waitset is dispatched by the dispatcher itself', async () => {
    const log: string[] = [];
    await onDispatcher(async (disp) => {
      const c = new WaitsetChannel('c', false, () => false);
      disp.waitset.register(c, () => log.push('ran'), false);
      c.trigger();
      log.push(`after trigger: ${c.state}`);
      await disp.sleep(10);
      log.push(`later: ${c.state}`);
    });
    // Never inside the code that triggered it; at the dispatcher's next run.
    expect(log).toEqual(['after trigger: pending', 'ran', 'later: unregistered']);
  });

  it('runs continuations as events, never inside the caller, in order', async () => {
    const log: string[] = [];
    await onDispatcher(async (disp) => {
      const ws = disp.createWaitset();
      for (const name of ['first', 'second', 'third']) ws.defer(() => log.push(name));
      log.push('deferred');
      while (ws.eventDispatchNonBlock() === 'SYS_ERR_OK');
      // On the default waitset the dispatcher runs them itself; the channels are reused.
      disp.waitset.defer(() => log.push('auto'));
      log.push('deferred again');
      await disp.sleep(1);
      disp.waitset.defer(() => log.push('auto again'));
      await disp.sleep(1);
    });
    expect(log).toEqual(['deferred', 'first', 'second', 'third', 'deferred again', 'auto', 'auto again']);
  });

  it('a channel end refuses a waitset of another dispatcher', async () => {
    const machine = new Machine({ topology: 'haswell-1x4' });
    let error = '';
    const other = machine.spawn({ name: 'other', core: 0, daemon: true }, () => {});
    machine.spawn({ name: 'me', core: 0 }, async (disp) => {
      const iref = await other.exportService(() => {});
      const end = await disp.bind(iref);
      error = code(() => end.registerRecv(() => {}, { waitset: other.createWaitset() }));
    });
    await machine.run();
    expect(error).toBe('FLOUNDER_ERR_CHANGE_WAITSET');
  });
});
