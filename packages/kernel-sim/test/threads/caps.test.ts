import type { CapRef } from '@flounder-ts/runtime';
import { describe, expect, it } from 'vitest';
import { PLATFORMS, fixture, machineOn } from './platforms.js';

const caps = fixture('caps');

describe.each(PLATFORMS)('capabilities on the %s platform', (platform) => {
  it('cross cores through the monitors: a copy shares memory, a move empties the sender', async () => {
    const machine = machineOn(platform, 'haswell-1x4', { maxThreads: 4 });
    machine.spawn({ name: 'receiver', core: 1, daemon: true }, { module: caps, export: 'capReceiver' });
    const sender = machine.spawn({ name: 'sender', core: 3 }, { module: caps, export: 'capSender' });
    await machine.run();
    const seen = (await sender.result) as Record<string, unknown>;
    expect(seen).toMatchObject({
      receiverSawFrame: true,
      receiverSawPtable: true,
      receiverRead: 0xab,
      sameObject: true,
      senderReads: 0xcd,
      senderKeepsFrame: 'Frame',
    });
    expect(seen.senderLostPtable).toMatch(/^SYS_ERR_IDENTIFY_LOOKUP: .*no longer holds this VNode_x86_64_ptable cap: it was given away/);

    // A reference that left its domain is data, nothing more: no other domain can use it,
    // and an iref nobody exported binds to nothing.
    const forger = machine.spawn(
      { name: 'forger', core: 2 },
      { module: caps, export: 'forger', arg: { cap: seen.frameAsData as CapRef, iref: 256 * 2 + 200 } },
    );
    await machine.run();
    const errors = (await forger.result) as string[];
    expect(errors[0]).toMatch(/^SYS_ERR_CAP_NOT_FOUND: .*\{"type":"Frame"\} is not a capability reference issued by this machine/);
    expect(errors[1]).toMatch(/^SYS_ERR_IDENTIFY_LOOKUP: .*is not a capability reference issued by this machine/);
    expect(errors[2]).toMatch(/^MON_ERR_INVALID_IREF: /);
  });
});
