/**
 * What the cross-package tests share: the machine they run on (the thesis' 20-core Ivy
 * Bridge with the nameservice booted on core 0) and a way to run a domain to its result.
 */
import { Machine, type MachineOptions } from '@flounder-ts/kernel-sim';
import type { Dispatcher } from '@flounder-ts/runtime';
import { nameservice } from '@flounder-ts/kernel-sim';

/** A simulated `ivybridge-2x10` with the nameservice on core 0. */
export function newMachine(options: Partial<MachineOptions> = {}): Machine {
  return new Machine({ topology: 'ivybridge-2x10', boot: [nameservice], ...options });
}

/** Spawns a program domain running `main` and resolves with what it returned, once the run is over. */
export function program<T>(machine: Machine, name: string, core: number, main: (disp: Dispatcher) => Promise<T>): () => T {
  let result: { value: T } | undefined;
  machine.spawn({ name, core }, async (disp) => {
    result = { value: await main(disp) };
  });
  return () => {
    if (result === undefined) throw new Error(`${name} did not finish`);
    return result.value;
  };
}
