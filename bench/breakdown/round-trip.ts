/**
 * Where the time of a ping-pong round trip goes, read off a trace (thesis Figure 4.19).
 *
 * With one client, one message is in flight at a time, so a round trip is one path through
 * both cores: the ping's slot reaches the server (a line transfer); the server works from
 * then until its pong's slot is written; the pong reaches the client; the client works from
 * then until its next ping's slot is written. Everything a core does off that path (a task
 * finishing after its send, while the message is already on its way) overlaps the other
 * side's work and costs the round trip nothing, unless it is still running when the next
 * message arrives, in which case it is on the path and counted.
 *
 * Each core's work on the path is split into the trace's slices, innermost first: the
 * modelled costs (`ump send`, `ump recv`, the waitset's `dispatch`, a `context switch`) and,
 * with the measured clock, the code slices by stage (`event loop`, `handler`, `deliver`,
 * `task`, `send`). The four parts add up to the round trip exactly.
 *
 * With the measured clock a round trip now and then takes many times the usual: a garbage
 * collection (the trace's own events are most of the garbage) or the operating system
 * running something else stopped the program in the middle of a stage. Such a round trip
 * says nothing about its stages, so the breakdown is the mean of the round trips no longer
 * than twice the median; how many were left out, and the mean of all, are given with it.
 * @module
 */
import type { TraceEvent } from '@flounder-ts/kernel-sim';

/** A stretch of one core's time, named by the innermost slice that covers it. */
interface Segment {
  readonly start: number;
  readonly end: number;
  readonly name: string;
}

/** Where one side's part of a round trip went, in cycles per round trip, by slice name. */
export type Stages = Readonly<Record<string, number>>;

/** A round trip broken down, averaged over the round trips analysed. */
export interface RoundTripBreakdown {
  /** Round trips in the mean. */
  readonly roundTrips: number;
  /** Round trips left out as interrupted: longer than twice the median. */
  readonly interrupted: number;
  /** Cycles of a round trip: the mean of those analysed. */
  readonly cycles: number;
  /** The mean of every round trip, the interrupted ones too. */
  readonly meanOfAll: number;
  /** The median round trip. */
  readonly median: number;
  /** The client's work on the path, by stage. */
  readonly client: Stages;
  /** The server's work on the path, by stage. */
  readonly server: Stages;
  /** The two line transfers that make a written slot visible on the other core. */
  readonly transfer: number;
}

/** Which cores and channels to read, and the line transfer between the cores. */
export interface RoundTripShape {
  readonly clientCore: number;
  readonly serverCore: number;
  /** The dispatcher names as the channel labels give them, e.g. `client@2` and `server@1`. */
  readonly client: string;
  readonly server: string;
  /** Cycles for a written slot to become visible on the other core (the topology's line transfer). */
  readonly lineTransfer: number;
  /** Round trips at the start to leave out: the binding's setup and the warm-up. */
  readonly skip: number;
}

/** The exact start and length of a slice, in cycles. */
function cycles(e: TraceEvent): { start: number; end: number } {
  const start = e.args!['cycle'] as number;
  return { start, end: start + (e.args!['cycles'] as number) };
}

/**
 * A core's slices as non-overlapping segments, each named by the innermost slice covering
 * it: a dispatch slice holds the handler's slices, and only what they leave is the dispatch's.
 */
function segments(events: readonly TraceEvent[], core: number): Segment[] {
  const slices = events
    .filter((e) => e.ph === 'X' && e.pid === core)
    .map((e) => ({ ...cycles(e), name: e.name }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Segment[] = [];
  const open: { end: number; name: string }[] = [];
  let at = -Infinity;
  const emitUntil = (t: number): void => {
    // Close the slices that end before t, emitting what each covers innermost.
    while (open.length > 0) {
      const top = open[open.length - 1]!;
      const until = Math.min(top.end, t);
      if (until > at) out.push({ start: at, end: until, name: top.name });
      at = Math.max(at, until);
      if (top.end > t) break;
      open.pop();
    }
    at = Math.max(at, t);
  };
  for (const s of slices) {
    emitUntil(s.start);
    open.push({ end: s.end, name: s.name });
  }
  emitUntil(Infinity);
  return out;
}

/** Adds to `into` the time of `segments` (sorted) inside [from, to), by name; returns the time not covered. */
function attribute(segs: readonly Segment[], from: number, to: number, into: Record<string, number>): number {
  let covered = 0;
  // Binary search for the first segment ending after `from`.
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (segs[mid]!.end <= from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < segs.length && segs[i]!.start < to; i++) {
    const s = segs[i]!;
    const part = Math.min(s.end, to) - Math.max(s.start, from);
    if (part <= 0) continue;
    into[s.name] = (into[s.name] ?? 0) + part;
    covered += part;
  }
  return to - from - covered;
}

/** The ends of the `ump send` slices on `core` into the channel towards `peer`, in order. */
function sendEnds(events: readonly TraceEvent[], core: number, peer: string): number[] {
  return events
    .filter((e) => e.ph === 'X' && e.pid === core && e.name === 'ump send' && String(e.args?.['channel']).endsWith(`-> ${peer}`))
    .map((e) => cycles(e).end)
    .sort((a, b) => a - b);
}

/** Breaks the round trips of a one-client ping-pong in `events` down; see the module comment. */
export function breakDown(events: readonly TraceEvent[], shape: RoundTripShape): RoundTripBreakdown {
  const pings = sendEnds(events, shape.clientCore, shape.server);
  const pongs = sendEnds(events, shape.serverCore, shape.client);
  const first = shape.skip;
  // Round trip k: from the end of ping k's send to the end of ping k+1's.
  const last = Math.min(pings.length, pongs.length + 1) - 2;
  if (last < first) throw new Error(`the trace holds ${pings.length} pings and ${pongs.length} pongs: too few to skip ${first}`);
  const clientSegs = segments(events, shape.clientCore);
  const serverSegs = segments(events, shape.serverCore);
  const client: Record<string, number> = {};
  const server: Record<string, number> = {};
  const L = shape.lineTransfer;
  const trips: { cycles: number; client: Record<string, number>; server: Record<string, number> }[] = [];
  for (let k = first; k <= last; k++) {
    const pingSent = pings[k]!;
    const pongSent = pongs[k]!;
    const nextPing = pings[k + 1]!;
    if (!(pingSent + L <= pongSent && pongSent + L <= nextPing)) {
      throw new Error(`round trip ${k}: the sends are not in ping-pong order (${pingSent}, ${pongSent}, ${nextPing})`);
    }
    const trip = { cycles: nextPing - pingSent, client: {} as Record<string, number>, server: {} as Record<string, number> };
    // Time on the path that no slice covers: a core idle although the message had arrived.
    const serverIdle = attribute(serverSegs, pingSent + L, pongSent, trip.server);
    const clientIdle = attribute(clientSegs, pongSent + L, nextPing, trip.client);
    if (serverIdle > 1e-3) trip.server['waiting'] = serverIdle;
    if (clientIdle > 1e-3) trip.client['waiting'] = clientIdle;
    trips.push(trip);
  }
  const lengths = trips.map((t) => t.cycles).sort((a, b) => a - b);
  const median = lengths[lengths.length >> 1]!;
  const kept = trips.filter((t) => t.cycles <= 2 * median);
  const mean = (side: 'client' | 'server'): Stages => {
    const sums: Record<string, number> = {};
    for (const t of kept) for (const [name, c] of Object.entries(t[side])) sums[name] = (sums[name] ?? 0) + c;
    for (const name of Object.keys(sums)) sums[name]! /= kept.length;
    return sums;
  };
  return {
    roundTrips: kept.length,
    interrupted: trips.length - kept.length,
    cycles: kept.reduce((sum, t) => sum + t.cycles, 0) / kept.length,
    meanOfAll: (pings[last + 1]! - pings[first]!) / trips.length,
    median,
    client: mean('client'),
    server: mean('server'),
    transfer: 2 * L,
  };
}
