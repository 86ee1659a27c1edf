/**
 * How the thesis' ping-pong server measures (section 4.3.1): it counts the pings it
 * receives and reads the cycle counter at the first and at the last of a number it was
 * told to expect.
 * @module
 */
import type { Dispatcher } from '@flounder-ts/runtime';

/** What a server is told: the service name to register, and how many pings to time, if any. */
export interface ServerArgs {
  readonly service: string;
  /** The pings all clients together will send: the server times their receipt. */
  readonly pings?: number;
}

/** What a server measured, from receiving the first ping to receiving the last. */
export interface ServerResult {
  readonly pings: number;
  /** Simulated cycles of the server's core. */
  readonly cycles: number;
  /** Wall-clock milliseconds for the same. */
  readonly wallMs: number;
}

/** Counts pings and times the receipt of the expected number. */
export class PingTimer {
  /** Resolves once the expected number of pings has been received. */
  readonly done: Promise<ServerResult>;
  private finish!: (result: ServerResult) => void;
  private count = 0;
  private firstCycle = 0;
  private firstMs = 0;

  private constructor(
    private readonly disp: Dispatcher,
    private readonly pings: number,
  ) {
    this.done = new Promise((resolve) => (this.finish = resolve));
  }

  /** The service a server's `args` name, and a timer if they ask for one. */
  static of(disp: Dispatcher, args: string | ServerArgs): { service: string; timer: PingTimer | undefined } {
    if (typeof args === 'string') return { service: args, timer: undefined };
    const { service, pings } = args;
    if (pings === undefined) return { service, timer: undefined };
    if (!(Number.isInteger(pings) && pings > 0)) throw new RangeError(`pings must be a whole number > 0, got ${String(pings)}`);
    return { service, timer: new PingTimer(disp, pings) };
  }

  /** Whether every ping expected has been received. */
  get finished(): boolean {
    return this.count >= this.pings;
  }

  /** Counts one ping received. */
  received(): void {
    const count = ++this.count;
    if (count === 1) {
      this.firstCycle = this.disp.now();
      this.firstMs = performance.now();
    }
    if (count === this.pings) {
      this.finish({ pings: count, cycles: this.disp.now() - this.firstCycle, wallMs: performance.now() - this.firstMs });
    }
  }
}
