// The postMessage comparison: two worker threads joined by a MessageChannel. The 'echo' peer
// answers every message; the 'driver' times round trips, or a one-way stream that the echo
// peer answers once at its end (the jobs main.ts sends the echo peer too are not needed here).
// Plain JavaScript, so that it needs no loader.
import { parentPort, workerData } from 'node:worker_threads';

const { role, port } = workerData;
if (role === 'echo') {
  let streamed = 0;
  port.on('message', (m) => {
    if (m.stream === undefined) port.postMessage(m);
    else if (++streamed && m.stream === 0) {
      port.postMessage({ streamed });
      streamed = 0;
    }
  });
} else {
  parentPort.on('message', ({ mode, count }) => {
    const t0 = performance.now();
    const finish = () => {
      port.off('message', onMessage);
      parentPort.postMessage(((performance.now() - t0) * 1e6) / count);
    };
    let i = 0;
    const onMessage = () => {
      if (mode === 'stream' || ++i === count) finish();
      else port.postMessage({ clientId: 0, msgId: i });
    };
    port.on('message', onMessage);
    if (mode === 'rt') port.postMessage({ clientId: 0, msgId: 0 });
    else for (let left = count - 1; left >= 0; left--) port.postMessage({ clientId: 1, msgId: left, stream: left });
  });
}
