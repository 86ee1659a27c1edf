import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Machine, TaskFailedError } from '../../src/index.js';
import { fixture, machineOn } from './platforms.js';

const basics = fixture('basics');
const frames = fixture('frames');

describe('the threads platform', () => {
  it('shuts down leaving no thread behind, and the program exits by itself', async () => {
    const script = fileURLToPath(fixture('exit-check'));
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const started = performance.now();
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', '--conditions=source', script], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
      child.stdin?.end();
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(performance.now() - started).toBeLessThan(60_000);
    const seen = JSON.parse(stdout) as { report: unknown; workers: number; running: number; after: number; resources: string[] };
    expect(seen.report).toMatchObject({ received: 100, bad: 0 });
    // Every worker thread is gone once shutdown() resolves, and nothing keeps the program up.
    expect(seen.running - seen.after).toBeGreaterThanOrEqual(seen.workers);
    expect(seen.resources.filter((r) => r !== 'PipeWrap' && r !== 'TTYWrap')).toEqual([]);
  }, 90_000);

  it('sleeps when idle: a machine with nothing to do burns no CPU', async () => {
    const machine = machineOn('threads', 'haswell-1x4', { maxThreads: 2 });
    machine.spawn({ name: 'echo', core: 0, daemon: true }, { module: frames, export: 'echoServer' });
    machine.spawn({ name: 'client', core: 1 }, { module: frames, export: 'echoClient', arg: { count: 100, window: 8 } });
    await machine.run();
    // The daemon lives on with its channel registered; both threads poll a little, then sleep.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const used = process.cpuUsage(before);
    // Two spinning threads would use about 1000 ms of CPU in 500 ms.
    expect((used.user + used.system) / 1000).toBeLessThan(150);
  });

  it('ends a domain whose handler throws, and nothing else', async () => {
    const machine = machineOn('threads', 'haswell-1x4', { maxThreads: 4 });
    const server = machine.spawn({ name: 'echo', core: 1, daemon: true }, { module: frames, export: 'echoServer' });
    const iref = (await server.result) as number;
    const failing = machine.spawn({ name: 'failing', core: 2 }, { module: basics, export: 'failAfterSending', arg: { iref } });
    const neighbour = machine.spawn({ name: 'neighbour', core: 2 }, { module: basics, export: 'nap', arg: { ms: 200 } });
    const client = machine.spawn({ name: 'client', core: 3 }, { module: frames, export: 'echoClient', arg: { count: 1000, window: 8 } });
    const failure = await machine.run().then(
      () => null,
      (err: unknown) => err,
    );
    const message = 'the handler of recv on ump#';
    expect(failure).toBeInstanceOf(TaskFailedError);
    expect((failure as TaskFailedError).dispatcher).toBe('failing@2');
    expect((failure as Error).message).toMatch(/^the handler of recv on ump#\d+ failing@2 -> echo@1 on dispatcher failing@2 failed: a handler that throws$/);
    await expect(failing.result).rejects.toThrow(message);
    expect(await neighbour.result).toBe('neighbour@2');
    expect(await client.result).toMatchObject({ received: 1000, bad: 0 });
  });

  it('refuses what cannot cross threads, and bad settings, with clear errors', async () => {
    expect(() => new Machine({ platform: 'threads', topology: 'haswell-1x4', trace: true })).toThrow(
      "the 'trace' option is the simulator's; the threads platform runs in real time",
    );
    expect(() => new Machine({ topology: 'haswell-1x4', threads: { maxThreads: 2 } })).toThrow("the 'threads' option needs platform: 'threads'");
    expect(() => new Machine({ platform: 'threads', topology: 'haswell-1x4', threads: { maxThreads: 0 } })).toThrow(
      'threads.maxThreads must be a whole number >= 1, got 0',
    );
    const machine = machineOn('threads', 'haswell-1x4', { maxThreads: 2 });
    expect(() => machine.spawn({ name: 'closure', core: 1 }, () => {})).toThrow(
      "spawn 'closure': closures cannot cross threads; on the threads platform give { module, export } naming an exported function",
    );
    expect(() => machine.spawn({ name: 'relative', core: 1 }, { module: './app.js', export: 'main' })).toThrow(
      "spawn 'relative': the module './app.js' is relative; give new URL('./app.js', import.meta.url) or an absolute path",
    );
    expect(() => machine.spawn({ name: 'uncopyable', core: 1 }, { module: basics, export: 'hello', arg: () => 1 })).toThrow(
      /^spawn 'uncopyable': the entry's arg cannot be copied to another thread: .*could not be cloned/,
    );
    const missing = machine.spawn({ name: 'missing', core: 1 }, { module: basics, export: 'nope' });
    await expect(machine.run()).rejects.toThrow(`spawn 'missing': module ${basics.href} has no exported function 'nope'; its functions: failAfterSending, hello, nap`);
    await expect(missing.result).rejects.toThrow("has no exported function 'nope'");
    await machine.shutdown();
    expect(() => machine.spawn({ name: 'late', core: 1 }, { module: basics, export: 'hello' })).toThrow("spawn 'late': the machine has been shut down");
    await expect(machine.run()).rejects.toThrow('machine.run(): the machine has been shut down');
  });
});
