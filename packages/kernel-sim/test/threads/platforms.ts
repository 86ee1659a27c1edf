/**
 * The platform tests run every scenario on both platforms: the same domain modules, spawned
 * from entries, on the simulator and on worker threads.
 */
import { afterEach, vi } from 'vitest';
import { Machine, type MachineOptions, type ThreadsOptions, type TopologyPreset } from '../../src/index.js';

export const PLATFORMS = ['simulated', 'threads'] as const;
export type Platform = (typeof PLATFORMS)[number];

// A threads machine starts worker threads that compile the sources as they load them: on a
// loaded machine that alone can take seconds.
vi.setConfig({ testTimeout: 60_000 });

const machines: Machine[] = [];

afterEach(async () => {
  await Promise.all(machines.splice(0).map((m) => m.shutdown()));
});

/** A machine on `platform`, shut down after the test. */
export function machineOn(platform: Platform, topology: TopologyPreset = 'haswell-1x4', threads?: ThreadsOptions): Machine {
  const options: MachineOptions = platform === 'threads' ? { platform, topology, ...(threads && { threads }) } : { platform, topology };
  const machine = new Machine(options);
  machines.push(machine);
  return machine;
}

/** A module of domains under `fixtures/`. */
export function fixture(name: string): URL {
  return new URL(`./fixtures/${name}.ts`, import.meta.url);
}
