// The JavaScript floor: two worker threads ping-pong one word of a SharedArrayBuffer with
// Atomics, nothing else, as floor.c does in C. The 'echo' peer answers every ping of a
// job; the 'driver' times the round trips from the first answer on, so that neither the
// message that starts a job nor the echo's start is counted. Both count the jobs, so that
// every job's values are new. Plain JavaScript, so that it needs no loader.
import { parentPort, workerData } from 'node:worker_threads';

const { role, memory } = workerData;
const line = new Int32Array(memory, 0, 1);
let base = 0;

parentPort.on('message', ({ count }) => {
  if (role === 'echo') {
    for (let k = base + 1; k <= base + count; k++) {
      while (Atomics.load(line, 0) !== 2 * k - 1);
      Atomics.store(line, 0, 2 * k);
    }
  } else {
    let t0 = 0;
    for (let k = base + 1; k <= base + count; k++) {
      if (k === base + 2) t0 = performance.now();
      Atomics.store(line, 0, 2 * k - 1);
      while (Atomics.load(line, 0) !== 2 * k);
    }
    parentPort.postMessage(((performance.now() - t0) * 1e6) / (count - 1));
  }
  base += count;
});
