/**
 * The shape of the modelled machine: sockets of cores, NUMA nodes, the clock rate, and how
 * long a cache line takes to move between two cores. See COST_MODEL.md for where the
 * preset numbers come from.
 */

/** One core of the machine. */
export interface CoreInfo {
  readonly id: number;
  readonly socket: number;
  readonly node: number;
}

/** A machine shape, as a user writes it. */
export interface TopologySpec {
  /** A name for reports; `"<sockets>x<cores>"` when omitted. */
  readonly name?: string;
  readonly sockets: number;
  readonly coresPerSocket: number;
  /** NUMA nodes per socket, splitting its cores evenly; 1 when omitted. */
  readonly nodesPerSocket?: number;
  /** Clock rate of every core, in GHz. */
  readonly ghz: number;
  /**
   * `lineTransfer[i][j]`: cycles to move one cache line from a core of NUMA node `i` to a
   * core of node `j` (the diagonal is within one node). When omitted: {@link
   * DEFAULT_LINE_TRANSFER} within a socket, plus {@link DEFAULT_CROSS_SOCKET_EXTRA} across.
   */
  readonly lineTransfer?: readonly (readonly number[])[];
}

/** The presets of the machines the thesis measured on. */
export type TopologyPreset = 'ivybridge-2x10' | 'haswell-1x4';

/**
 * Cycles for a cache line to move between two cores sharing a last-level cache, when a
 * topology gives no table: TN-009's polled UMP message (~600 cycles one way) is two such
 * transfers plus the slot write and read. COST_MODEL.md derives it.
 */
export const DEFAULT_LINE_TRANSFER = 265;
/** Extra cycles per transfer across sockets when a topology gives no table (TN-009). */
export const DEFAULT_CROSS_SOCKET_EXTRA = 50;
/** Cycles to touch a line already in the core's own cache. */
const SAME_CORE_TRANSFER = 4;
/** Enough for any shape we expect, small enough that a typo does not exhaust memory. */
const MAX_CORES = 4096;

const PRESETS: Record<TopologyPreset, TopologySpec> = {
  // Intel Xeon E5-2670 v2 class, as in the thesis' Table 4.2: two NUMA nodes, cores 0-9
  // and 10-19. Calibrated so raw UMP is the thesis' C/C ping-pong (240 ns a round trip).
  'ivybridge-2x10': {
    name: 'ivybridge-2x10',
    sockets: 2,
    coresPerSocket: 10,
    ghz: 2.5,
    lineTransfer: [
      [100, 150],
      [150, 100],
    ],
  },
  // Intel Core i7-4770 class: one socket, one shared L3.
  'haswell-1x4': {
    name: 'haswell-1x4',
    sockets: 1,
    coresPerSocket: 4,
    ghz: 3.4,
    lineTransfer: [[100]],
  },
};

/** The names of the preset topologies. */
export const TOPOLOGY_PRESETS = Object.keys(PRESETS) as TopologyPreset[];

/** A validated machine shape with its latency table. */
export class Topology {
  readonly name: string;
  readonly sockets: number;
  readonly coresPerSocket: number;
  readonly nodesPerSocket: number;
  readonly ghz: number;
  /** Cycles per second of every core. */
  readonly hz: number;
  readonly cores: readonly CoreInfo[];
  private readonly table: readonly (readonly number[])[];

  constructor(spec: TopologySpec) {
    const where = `topology ${spec.name ?? '(unnamed)'}`;
    positiveInt(spec.sockets, `${where}: sockets`);
    positiveInt(spec.coresPerSocket, `${where}: coresPerSocket`);
    const nodesPerSocket = spec.nodesPerSocket ?? 1;
    positiveInt(nodesPerSocket, `${where}: nodesPerSocket`);
    if (spec.coresPerSocket % nodesPerSocket !== 0) {
      throw new RangeError(
        `${where}: ${spec.coresPerSocket} cores per socket do not split evenly into ${nodesPerSocket} NUMA nodes`,
      );
    }
    const total = spec.sockets * spec.coresPerSocket;
    if (total > MAX_CORES) {
      throw new RangeError(`${where}: ${total} cores is more than the ${MAX_CORES} supported`);
    }
    if (!(Number.isFinite(spec.ghz) && spec.ghz > 0)) {
      throw new RangeError(`${where}: ghz must be a positive number, got ${String(spec.ghz)}`);
    }
    this.name = spec.name ?? `${spec.sockets}x${spec.coresPerSocket}`;
    this.sockets = spec.sockets;
    this.coresPerSocket = spec.coresPerSocket;
    this.nodesPerSocket = nodesPerSocket;
    this.ghz = spec.ghz;
    this.hz = spec.ghz * 1e9;

    const coresPerNode = spec.coresPerSocket / nodesPerSocket;
    const cores: CoreInfo[] = [];
    for (let id = 0; id < total; id++) {
      cores.push({ id, socket: Math.floor(id / spec.coresPerSocket), node: Math.floor(id / coresPerNode) });
    }
    this.cores = cores;

    const nodes = spec.sockets * nodesPerSocket;
    this.table = spec.lineTransfer ?? defaultTable(nodes, nodesPerSocket);
    if (this.table.length !== nodes || this.table.some((row) => row.length !== nodes)) {
      throw new RangeError(`${where}: lineTransfer must be a ${nodes}x${nodes} table, one row and column per NUMA node`);
    }
    for (const row of this.table) {
      for (const cycles of row) {
        if (!(Number.isFinite(cycles) && cycles >= 0)) {
          throw new RangeError(`${where}: lineTransfer entries must be cycles >= 0, got ${String(cycles)}`);
        }
      }
    }
  }

  /** A preset by name, or a topology from a spec. */
  static from(topology: Topology | TopologySpec | TopologyPreset): Topology {
    if (topology instanceof Topology) return topology;
    if (typeof topology === 'string') {
      const spec = PRESETS[topology];
      if (!spec) {
        throw new RangeError(`unknown topology preset '${String(topology)}'; presets: ${TOPOLOGY_PRESETS.join(', ')}`);
      }
      return new Topology(spec);
    }
    return new Topology(topology);
  }

  /** The spec this topology was built from, to build it again (in another thread). */
  get spec(): TopologySpec {
    const { name, sockets, coresPerSocket, nodesPerSocket, ghz, table } = this;
    return { name, sockets, coresPerSocket, nodesPerSocket, ghz, lineTransfer: table };
  }

  /** Number of cores. */
  get size(): number {
    return this.cores.length;
  }

  /** Number of NUMA nodes. */
  get nodes(): number {
    return this.sockets * this.nodesPerSocket;
  }

  /** Cycles for one cache line to move from core `from` to core `to`. */
  lineTransfer(from: number, to: number): number {
    if (from === to) return SAME_CORE_TRANSFER;
    const a = this.cores[from]!;
    const b = this.cores[to]!;
    return this.table[a.node]![b.node]!;
  }

  /** Whether `core` names a core of this machine. */
  hasCore(core: number): boolean {
    return Number.isInteger(core) && core >= 0 && core < this.cores.length;
  }
}

function defaultTable(nodes: number, nodesPerSocket: number): number[][] {
  const table: number[][] = [];
  for (let i = 0; i < nodes; i++) {
    const row: number[] = [];
    for (let j = 0; j < nodes; j++) {
      const sameSocket = Math.floor(i / nodesPerSocket) === Math.floor(j / nodesPerSocket);
      row.push(DEFAULT_LINE_TRANSFER + (sameSocket ? 0 : DEFAULT_CROSS_SOCKET_EXTRA));
    }
    table.push(row);
  }
  return table;
}

function positiveInt(value: number, what: string): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new RangeError(`${what} must be a positive integer, got ${String(value)}`);
  }
}
