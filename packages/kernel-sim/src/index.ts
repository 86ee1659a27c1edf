export { Machine, TaskFailedError, DeadlockError, type MachineOptions, type SpawnOptions, type RunReport } from './machine.js';
export type { DomainEntry, DomainHandle, DomainMain } from './entry.js';
export type { ThreadsOptions } from './threads/platform.js';
export type { Kernel, IntermonLink } from './kernel.js';
export {
  Topology,
  TOPOLOGY_PRESETS,
  DEFAULT_LINE_TRANSFER,
  DEFAULT_CROSS_SOCKET_EXTRA,
  type TopologySpec,
  type TopologyPreset,
  type CoreInfo,
} from './topology.js';
export { DEFAULT_COSTS, costModel, type CostModel } from './cost-model.js';
export type { ClockMode } from './clock.js';
export { Dispatcher, Domain } from './dispatcher.js';
export { Waitset, WaitsetChannel } from './waitset.js';
export { LmpChannelEnd, EndpointBuffer } from './lmp.js';
export { UmpChannelEnd } from './ump.js';
export { UmpRingSender, UmpRingReceiver, UMP_SLOT_BYTES, umpRingBytes } from './ump-ring.js';
export { IREFS_PER_CORE, irefCore } from './monitor.js';
export { Trace, type TraceEvent, type TraceCategory } from './trace.js';
export { formatCoreCounters, type CountersReport, type CoreReport, type ChannelReport } from './counters.js';
export { Random } from './random.js';
export { nameservice, nameserviceMain } from './nameservice/server.js';
export { NameServiceClient } from './nameservice/client.js';
