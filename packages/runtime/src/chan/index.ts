export { Chan, ChanClosedError, type RecvChan, type SendChan } from './chan.js';
export {
  recvCase,
  select,
  sendCase,
  type CaseResult,
  type RecvCase,
  type SelectCase,
  type SelectDefault,
  type SelectOptions,
  type SelectResult,
  type SendCase,
} from './select.js';
export { go } from './go.js';
export { WaitGroup } from './waitgroup.js';
export { Mutex } from './mutex.js';
export { RWMutex } from './rwmutex.js';
export { schedulerHooks, setSchedulerHooks, wakeups, type SchedulerHooks } from './scheduler.js';
