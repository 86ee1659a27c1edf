/**
 * The modelled cost, in cycles, of everything the simulated machine does. Cache-line
 * transfers between cores come from the topology's table; everything else is here. Every
 * number is explained, with its source, in COST_MODEL.md.
 */

export interface CostModel {
  /** An LMP send that invokes the endpoint cap (`cap_invoke`, TN-009: ~2000 cycles). */
  readonly lmpSend: number;
  /**
   * An LMP send on the LRPC fast path: at most 4 words, no cap, SYNC set (TN-009's
   * lightweight system call: ~800 cycles).
   */
  readonly lrpcSend: number;
  /** Taking one fragment out of the endpoint buffer in user space (estimate). */
  readonly lmpRecv: number;
  /**
   * Writing one UMP slot: payload stores, barrier, header store (estimate). The sender also
   * waits one cache-line transfer for the line, which the receiver held since it cleared
   * `used`; that transfer comes from the topology.
   */
  readonly umpSend: number;
  /**
   * Copying a slot out and clearing `used` (estimate), once the receiver's poll has fetched
   * the line: one more transfer after the write, also from the topology.
   */
  readonly umpRecv: number;
  /** Putting a frame on a same-domain local channel (a function call; estimate). */
  readonly localSend: number;
  /** Taking a frame off a local channel (estimate). */
  readonly localRecv: number;
  /** Running another dispatcher on a core (TN-009: an activation costs ~2000 cycles). */
  readonly contextSwitch: number;
  /** Dispatching one event closure from a waitset (estimate). */
  readonly dispatch: number;
  /** A monitor handling one request: look-up, state, reply (estimate). */
  readonly monitorOp: number;
}

/** The cost model every topology uses unless a machine overrides parts of it. */
export const DEFAULT_COSTS: CostModel = {
  lmpSend: 2000,
  lrpcSend: 800,
  lmpRecv: 40,
  umpSend: 20,
  umpRecv: 20,
  localSend: 20,
  localRecv: 20,
  contextSwitch: 2000,
  dispatch: 30,
  monitorOp: 1000,
};

/** The default costs with `overrides` applied, checked. */
export function costModel(overrides: Partial<CostModel> = {}): CostModel {
  const model = { ...DEFAULT_COSTS, ...overrides };
  for (const [name, value] of Object.entries(model)) {
    if (!(Number.isFinite(value) && value >= 0)) {
      throw new RangeError(`cost model: ${name} must be a number of cycles >= 0, got ${String(value)}`);
    }
  }
  return model;
}
