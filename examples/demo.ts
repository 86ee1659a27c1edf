/**
 * The demo `npm run demo` runs once the example interfaces are compiled: on a simulated
 * `ivybridge-2x10` (the thesis' machine, 2 sockets x 10 cores at 2.5 GHz) with the
 * nameservice on core 0,
 * 1. the thesis' ping-pong (section 4.3): a channel-API server on core 1 and clients of both
 *    styles on its core (LMP), its socket (UMP) and the other socket (UMP across NUMA nodes);
 * 2. the nameservice (section 3.3.2): 40 tasks of one program each waiting for a name while a
 *    registrar registers them one after another, all over the program's one binding;
 * then what the machine counted.
 * @module
 */
import { Machine, formatCoreCounters, nameservice } from '@flounder-ts/kernel-sim';
import { CLIENTS, type ClientResult } from './pingpong/client.js';
import { SERVERS } from './pingpong/server.js';
import { LOOKUPS, type Found } from './nameservice/lookups.js';

const ROUND_TRIPS = 10_000;
const NAMES = 40;

const machine = new Machine({ topology: 'ivybridge-2x10', boot: [nameservice] });
const { topology } = machine;
const ns = (cycles: number): string => `${((cycles / topology.hz) * 1e9).toFixed(0)} ns`;
const ms = (cycles: number): string => `${((cycles / topology.hz) * 1e3).toFixed(2)} ms`;
console.log(`A simulated ${topology.name}: ${topology.size} cores at ${topology.hz / 1e9} GHz, the nameservice on core 0.\n`);

// 1. Ping-pong.
machine.spawn({ name: 'server', core: 1, daemon: true }, { module: SERVERS, export: 'channelServer', arg: 'ping' });
const clients = [
  { core: 1, style: 'channel', where: 'the same core' },
  { core: 2, style: 'channel', where: 'the same socket' },
  { core: 12, style: 'channel', where: 'the other socket' },
  { core: 3, style: 'handler', where: 'the same socket' },
].map((c, clientId) => ({
  ...c,
  domain: machine.spawn(
    { name: `client${clientId}`, core: c.core },
    { module: CLIENTS, export: `${c.style}Client`, arg: { service: 'ping', clientId, count: ROUND_TRIPS } },
  ),
}));
const pingPong = await machine.run();
console.log(`1. Ping-pong: a channel-API server on core 1, ${clients.length} clients at once, ${ROUND_TRIPS} round trips each.`);
for (const c of clients) {
  const r = (await c.domain.result) as ClientResult;
  console.log(
    `   ${c.style}-API client on core ${String(c.core).padEnd(2)} (${c.where}): ${r.interconnect.toUpperCase()}, ` +
      `${(r.cycles / r.roundTrips).toFixed(0)} cycles (${ns(r.cycles / r.roundTrips)}) a round trip`,
  );
}
console.log(
  `   The server's core is the bottleneck: it answers all four. ${pingPong.events} events, ${ms(pingPong.cycles)} ` +
    `of simulated time, simulated in ${pingPong.wallMs.toFixed(0)} ms.\n`,
);

// 2. The nameservice.
machine.spawn({ name: 'registrar', core: 4, daemon: true }, { module: LOOKUPS, export: 'registrar', arg: { count: NAMES, gap: 20_000 } });
const lookups = machine.spawn({ name: 'lookups', core: 7 }, { module: LOOKUPS, export: 'lookups', arg: { count: NAMES } });
await machine.run();
const { found, classCount } = (await lookups.result) as { found: Found[]; classCount: number };
console.log(`2. The nameservice: ${NAMES} tasks of one program on core 7 wait for ping.1 ... ping.${NAMES}, registered one every 20,000 cycles on core 4.`);
for (const f of [found[0]!, found[1]!, found[NAMES - 1]!]) {
  console.log(`   ${f.name.padEnd(8)} iref ${f.iref}, found after ${f.waited} cycles, pinged: answered by service ${f.answeredBy}`);
}
console.log(`   ... every task found its own name and service; get_count("ping") says ${classCount}.\n`);

// 3. What the machine counted.
const counters = machine.counters();
const ends = (kind: string): number => counters.channels.filter((c) => c.kind === kind).length;
console.log(`3. What the machine counted: ${ends('lmp')} LMP and ${ends('ump')} UMP channel ends in all, the monitors' among them.`);
console.log(formatCoreCounters(counters).replace(/^/gm, '   '));
