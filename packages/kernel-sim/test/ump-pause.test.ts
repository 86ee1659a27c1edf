/**
 * `pauseSlots`: while a UMP end waits for the caps of a message, slots stay in the ring, do
 * not fire its receive handler and are not received; caps still arrive and fire it; resuming
 * fires it for the slots that waited.
 */
import { RECV_EMPTY, type UmpChannel } from '@flounder-ts/runtime';
import { describe, expect, it } from 'vitest';
import { Machine } from '../src/index.js';
import { putWords, serve } from './helpers.js';

describe('pauseSlots', () => {
  it('holds slots back while caps still come through, and lets them go on resuming', async () => {
    const machine = new Machine({ topology: 'ivybridge-2x10' });
    const log: string[] = [];
    const iref = serve(machine, 'receiver', 1, (end) => {
      const ump = end as UmpChannel;
      const buf = new Uint32Array(2 * ump.fragmentWords);
      ump.pauseSlots(true);
      ump.registerRecv(
        () => {
          for (let d = ump.recvCap(); d !== undefined; d = ump.recvCap()) {
            log.push(`cap ${d.capid} at a recv of ${ump.recv(buf) === RECV_EMPTY ? 'nothing' : 'a slot'}`);
            ump.pauseSlots(false);
          }
          while (ump.recv(buf) !== RECV_EMPTY) log.push(`slot ${buf[0]!}`);
        },
        { persistent: true },
      );
    });
    machine.spawn({ name: 'sender', core: 2 }, async (disp) => {
      const end = (await disp.bind(await iref)) as UmpChannel;
      const buf = new Uint32Array(2 * end.fragmentWords);
      for (const n of [1, 2, 3]) {
        putWords(buf, [BigInt(n)]);
        expect(end.send(buf, 0, 1, 3, 0)).toBe(true);
      }
      await disp.sleep(50_000); // the slots arrive and wait
      log.push('sending the cap');
      end.sendCap(disp.createCap('Frame'), 0, false);
      await disp.sleep(200_000);
    });
    await machine.run();
    expect(log).toEqual(['sending the cap', 'cap 0 at a recv of nothing', 'slot 1', 'slot 2', 'slot 3']);
  });
});
