export { Binding, asFlounderError, type Fields, type Receiver, type Done, type BindingCounters } from './binding.js';
export { LmpBinding } from './lmp.js';
export { UmpBinding } from './ump.js';
export { RPC_ERROR_MSGNUM, controlInterface, rpcError, type RpcError } from './control.js';
export {
  createBinding,
  exportService,
  bindTarget,
  checkServiceName,
  SERVICE_NAME_MAX_BYTES,
  type Target,
} from './establish.js';
export {
  listenChannels,
  connectChannel,
  createChannelEndpoint,
  DEFAULT_RECV_BUFFER,
  DEFAULT_BACKLOG,
  type ChannelPair,
  type MessageSendChan,
  type Listener,
  type ChannelOptions,
  type ListenOptions,
} from './channel.js';
export { serveHandlers, serveRpcs, bindHandlers, type HandlerBinding, type Handlers, type Tx } from './handlers.js';
export {
  rpcsOf,
  type Args,
  type CallOf,
  type NoRpcs,
  type ResponseTo,
  type RpcClient,
  type RpcMap,
  type RpcOuts,
  type RpcPair,
  type RpcServer,
} from './rpc.js';
export { observeStages, type BindingStage, type StageObserver } from './stages.js';
