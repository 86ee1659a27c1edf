import { Machine, nameservice } from '@flounder-ts/kernel-sim';
import * as ping from './gen/ping.js'; // flounderc -o examples/gen examples/idl/ping.if

// The thesis' 20-core machine, with the nameservice on core 0.
const machine = new Machine({ topology: 'ivybridge-2x10', boot: [nameservice] });

// A server on core 1: a task per connection, a pong for every ping.
machine.spawn({ name: 'server', core: 1, daemon: true }, async (disp) => {
  for await (const client of await ping.listen(disp, 'ping')) {
    disp.go(async () => {
      for await (const m of client.recv) {
        switch (m.type) {
          case 'ping':
            await client.send.send({ type: 'pong', clientId: m.clientId, msgId: m.msgId });
            break;
          case 'pong': // a client should not send these
            client.close();
        }
      }
    });
  }
});

// A client on core 2: connect looks the name up and binds, over UMP between cores.
machine.spawn({ name: 'client', core: 2 }, async (disp) => {
  const server = await ping.connect(disp, 'ping');
  for (let msgId = 0; msgId < 3; msgId++) {
    await server.send.send({ type: 'ping', clientId: 7, msgId });
    const pong = await server.recv.recv();
    console.log(`pong ${pong?.msgId} over ${server.interconnect} at cycle ${disp.now()}`);
  }
  server.close();
});

await machine.run();
