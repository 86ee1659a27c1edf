/**
 * A worker thread of a threads machine: it runs a {@link ThreadKernel} for its cores, starts
 * the domains the main thread spawns on them (loading each domain's module here: closures
 * cannot cross threads), and passes intermon messages from other threads to its monitors.
 */

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { loadEntry, type DomainMain } from '../entry.js';
import type { IntermonMessage } from './intermon.js';
import { ThreadKernel } from './kernel.js';
import type { FromWorker, ToWorker, WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const main = parentPort!;
const kernel = new ThreadKernel(setup, (message: FromWorker) => main.postMessage(message));
const peers = setup.ports.filter((port): port is MessagePort => port !== null);

for (const port of peers) port.on('message', (message: IntermonMessage) => kernel.receiveIntermon(message));

main.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'spawn':
      void start(message);
      return;
    case 'thread-died':
      kernel.threadDied(message.thread, message.cores, message.reason);
      return;
    case 'counters':
      main.postMessage({ kind: 'counters', report: kernel.counters() } satisfies FromWorker);
      return;
    case 'shutdown':
      // Whatever the domains still hold (timers, handles), the thread ends now.
      kernel.stop();
      process.exit(0);
      return;
  }
});

/** Loads a domain's module and starts its main function. */
async function start(spawn: Extract<ToWorker, { kind: 'spawn' }>): Promise<void> {
  let main: DomainMain;
  try {
    main = await loadEntry(spawn.module, spawn.export, `spawn '${spawn.name}'`);
  } catch (err) {
    kernel.refuse(spawn.id, spawn.name, spawn.core, err);
    return;
  }
  kernel.spawn(spawn.id, spawn.name, spawn.core, spawn.daemon, main, spawn.arg);
}

await kernel.run();
