/**
 * The end-to-end benchmark's shapes (bench/e2e/shapes.ts) run a short ping-pong each, over
 * UMP and LMP. What they are compared on is only fair if they do the same thing on the
 * modelled machine: every shape, the `tasks` floor included, must take the same simulated
 * cycles per round trip (the difference of two runs, so that where a client starts its
 * clock does not count). Wall-clock figures are the benchmark's business, not a test's.
 */
import { describe, expect, it } from 'vitest';
import { SHAPES } from '../bench/e2e/shapes.js';

/** A UMP round trip on one socket of ivybridge-2x10 (COST_MODEL.md). */
const UMP_ROUND_TRIP = 540;
const TRIPS = 200;

describe('bench/e2e shapes', () => {
  for (const [interconnect, clientCore] of [
    ['ump', 2],
    ['lmp', 1],
  ] as const) {
    it(`all take the same simulated time per round trip over ${interconnect}`, async () => {
      const cycles = new Map<string, number>();
      for (const shape of SHAPES) {
        const short = await shape.run(TRIPS, clientCore);
        const long = await shape.run(2 * TRIPS, clientCore);
        expect(long.interconnect, shape.key).toBe(interconnect);
        expect(long.roundTrips, shape.key).toBe(2 * TRIPS);
        cycles.set(shape.key, (long.cycles - short.cycles) / TRIPS);
      }
      expect(new Set(cycles.values()).size, JSON.stringify(Object.fromEntries(cycles))).toBe(1);
      if (interconnect === 'ump') expect(cycles.get('raw')).toBe(UMP_ROUND_TRIP);
      expect([...cycles.keys()]).toContain('tasks');
    });
  }
});
