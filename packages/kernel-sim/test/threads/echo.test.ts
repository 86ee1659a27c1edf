import { afterEach, describe, expect, it } from 'vitest';
import { Machine } from '../../src/index.js';

const echo = new URL('./fixtures/echo.ts', import.meta.url);
let machine: Machine | undefined;
afterEach(async () => {
  await machine?.shutdown();
  machine = undefined;
});

describe('threads', () => {
  it('echoes frames across threads', async () => {
    machine = new Machine({ platform: 'threads', topology: 'haswell-1x4', threads: { maxThreads: 2 } });
    const server = machine.spawn({ name: 'echo', core: 1, daemon: true }, { module: echo, export: 'echoServer' });
    const iref = (await server.result) as number;
    const client = machine.spawn({ name: 'client', core: 2 }, { module: echo, export: 'echoClient', arg: { iref, count: 1000, window: 16 } });
    await machine.run();
    expect(await client.result).toMatchObject({ kind: 'ump', received: 1000, bad: 0 });
  });
});
