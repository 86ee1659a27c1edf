/**
 * The ring of the thesis' concurrency benchmark (section 4.2, Figure 4.9): `size` tasks in a
 * ring, each joined to the next by an unbuffered channel. The first sends 1; each of the
 * others adds 1 and passes it on; the first times how long the message takes to come back
 * (as `size`). Built once, a ring carries one message round after round.
 *
 * Two rings: within one dispatcher, the tasks joined by runtime channels (`Chan`, Go's
 * channels); and spread over the cores of one socket, every hop a connection of the channel
 * API between dispatchers on different cores (UMP), with no receive buffer.
 * @module
 */
import { Machine, nameservice, type ClockMode } from '@flounder-ts/kernel-sim';
import { Chan, type Dispatcher } from '@flounder-ts/runtime';
import * as ping from '../../examples/gen/ping.js';

/** One trip of the message around the ring. */
export interface Trip {
  /** Simulated microseconds, as the first task's core clock says. */
  readonly us: number;
  /** Wall-clock microseconds. */
  readonly wallUs: number;
}

/** The cores a spread ring uses: one socket of `ivybridge-2x10`, cores 0 to 9. */
export const SPREAD_CORES = 10;

/** The simulated machine the rings run on. */
function newMachine(clock: ClockMode): Machine {
  return new Machine({ topology: 'ivybridge-2x10', boot: [nameservice], clock });
}

/**
 * Sends the message around `runs + 1` times through `first` (the channel to the second task)
 * and `back` (the channel into the first), timing every trip but the first, a warm-up.
 */
async function circulate(
  disp: Dispatcher,
  size: number,
  runs: number,
  send: (value: number) => Promise<void>,
  receive: () => Promise<number | undefined>,
): Promise<Trip[]> {
  const trips: Trip[] = [];
  for (let run = 0; run <= runs; run++) {
    const t0 = performance.now();
    const c0 = disp.now();
    // Wait for the message before sending it: a ring of one sends it to itself.
    const back = receive();
    await send(1);
    const value = await back;
    const us = ((disp.now() - c0) / disp.hz) * 1e6;
    const wallUs = (performance.now() - t0) * 1e3;
    if (value !== size) throw new Error(`a ring of ${size}: the message came back as ${String(value)}`);
    if (run > 0) trips.push({ us, wallUs });
  }
  return trips;
}

/** A ring of `size` tasks on one dispatcher (core 1), joined by unbuffered `Chan`s; `runs` trips. */
export async function localRing(size: number, runs: number, clock: ClockMode): Promise<Trip[]> {
  checkSize(size, 1);
  const machine = newMachine(clock);
  let trips: Trip[] = [];
  machine.spawn({ name: 'ring', core: 1 }, async (disp) => {
    // Task i receives on chans[i] and sends on chans[i + 1]; the last sends to the first.
    const chans = Array.from({ length: size }, () => new Chan<number>(0));
    for (let i = 1; i < size; i++) {
      const inbox = chans[i]!;
      const next = chans[(i + 1) % size]!;
      disp.go(async () => {
        for await (const value of inbox) await next.send(value + 1);
        next.close();
      });
    }
    const first = chans[1 % size]!;
    trips = await circulate(disp, size, runs, (v) => first.send(v), () => chans[0]!.recv());
    first.close(); // each task closes the next once its own channel closes
  });
  await machine.run();
  return trips;
}

/**
 * A ring of `size` tasks over the cores 0 to `cores - 1` of one socket, task i on core
 * `i % cores`, so every hop goes from one core to the next: a connection of the channel API
 * with no receive buffer. `size` must be a multiple of `cores` (the last hop then leads back
 * to core 0, like every other hop from the last core).
 */
export async function spreadRing(size: number, runs: number, clock: ClockMode, cores = Math.min(size, SPREAD_CORES)): Promise<Trip[]> {
  checkSize(size, 2);
  if (!(Number.isInteger(cores) && cores >= 2 && cores <= SPREAD_CORES && size % cores === 0)) {
    throw new RangeError(`a spread ring of ${size} needs 2 to ${SPREAD_CORES} cores dividing its size, got ${cores}`);
  }
  const machine = newMachine(clock);
  let trips: Trip[] = [];
  for (let core = 0; core < cores; core++) {
    const main = async (disp: Dispatcher): Promise<void> => {
      // This core's tasks, in ring order; the j-th has the j-th connection out and, but on core 0, in.
      const tasks = Array.from({ length: size / cores }, (_, j) => core + j * cores);
      const accepted = await ping.listen(disp, `ring.${core}`, { buffer: 0, backlog: tasks.length });
      const next = await disp.nameService.waitFor(`ring.${(core + 1) % cores}`);
      const outs: ping.PingChannel[] = [];
      for (const _ of tasks) outs.push(await ping.connect(disp, next, { buffer: 0 }));
      const ins: ping.PingChannel[] = [];
      for (const _ of tasks) ins.push((await accepted.recv())!);
      // Core 0's j-th connection in comes from the last core's j-th task, which precedes its (j+1)-th.
      if (core === 0) ins.unshift(ins.pop()!);
      tasks.forEach((task, j) => {
        if (task === 0) return;
        const [inbox, out] = [ins[j]!, outs[j]!];
        disp.go(async () => {
          for await (const m of inbox.recv) await out.send.send({ type: 'ping', clientId: task, msgId: m.msgId + 1 });
        });
      });
      if (core !== 0) return;
      const [inbox, out] = [ins[0]!, outs[0]!];
      trips = await circulate(
        disp,
        size,
        runs,
        (v) => out.send.send({ type: 'ping', clientId: 0, msgId: v }),
        async () => (await inbox.recv.recv())?.msgId,
      );
    };
    // The first task's domain is the program; the others serve it.
    machine.spawn({ name: `ring${core}`, core, daemon: core !== 0 }, main);
  }
  await machine.run();
  return trips;
}

function checkSize(size: number, least: number): void {
  if (!(Number.isInteger(size) && size >= least)) throw new RangeError(`a ring's size must be a whole number >= ${least}, got ${size}`);
}
