/**
 * Barrelfish's errors, as one error class carrying the name of a Barrelfish error code.
 *
 * Barrelfish numbers its codes per domain (errors/errno.fugu) and stacks them in an
 * `errval_t`; we keep the names and the meaning, give each code a stable number of our own
 * (the `errval` IDL type carries that number on the wire, 32 bits like Flounder's), and use
 * the standard `cause` chain where Barrelfish would `err_push`.
 */

/** Every error code we use, with the reading Barrelfish gives it. */
export const ERROR_CODES = {
  SYS_ERR_OK: 'Success',

  // Flounder stubs and bindings
  FLOUNDER_ERR_INVALID_STATE: 'Invalid binding state for this operation',
  FLOUNDER_ERR_TX_BUSY: 'Cannot queue message for transmit: queue is full',
  FLOUNDER_ERR_TX_MSG_SIZE: 'The message is larger than declared',
  FLOUNDER_ERR_RX_EMPTY_MSG: 'Received an empty message',
  FLOUNDER_ERR_RX_INVALID_MSGNUM: 'Received a message with an invalid message number',
  FLOUNDER_ERR_RX_INVALID_LENGTH: 'Received a fragment of the wrong length',
  FLOUNDER_ERR_BUF_RECV_MORE: 'More fragments of the buffer are to be received',
  FLOUNDER_ERR_BUF_SEND_MORE: 'More fragments of the buffer are to be sent',
  FLOUNDER_ERR_GENERIC_BIND_NO_MORE_DRIVERS: 'No more interconnect drivers to try for binding',
  FLOUNDER_ERR_CHANGE_WAITSET: 'Failed to change the waitset of the binding',
  FLOUNDER_ERR_BIND: 'Error in the binding process',
  FLOUNDER_ERR_BAD_ARGUMENT: 'A message argument has the wrong type or is out of range',
  FLOUNDER_ERR_BINDING_CLOSED: 'The binding has been torn down',
  FLOUNDER_ERR_RPC_SERVER: 'The server failed to handle the call',
  FLOUNDER_ERR_RPC_MISMATCH: 'A response answers no call in flight',
  FLOUNDER_ERR_RX_NO_HANDLER: 'No receive handler for the message',
  FLOUNDER_ERR_UMP_UNSUPPORTED: 'The message cannot travel over UMP',

  // Kernel (CPU driver) errors
  SYS_ERR_LMP_NO_TARGET: 'Target dispatcher of the LMP endpoint does not exist',
  SYS_ERR_LMP_TARGET_DISABLED: 'Target dispatcher is disabled',
  SYS_ERR_LMP_BUF_OVERFLOW: 'The endpoint buffer is full',
  SYS_ERR_LMP_EP_STATE_INVALID: 'The endpoint is in an invalid state',
  SYS_ERR_LMP_CAPTRANSFER_SRC_LOOKUP: 'Cap transfer: the source cap could not be looked up',
  SYS_ERR_LMP_CAPTRANSFER_DST_CNODE_LOOKUP: 'Cap transfer: the destination CNode could not be looked up',
  SYS_ERR_LMP_CAPTRANSFER_DST_CNODE_INVALID: 'Cap transfer: the destination CNode is invalid',
  SYS_ERR_LMP_CAPTRANSFER_DST_SLOT_OCCUPIED: 'Cap transfer: the destination slot is occupied',
  SYS_ERR_CAP_NOT_FOUND: 'The capability reference does not name a capability this domain holds',
  SYS_ERR_INVALID_ARGUMENT: 'Invalid argument to a system call',
  SYS_ERR_IDENTIFY_LOOKUP: 'Error while looking up cap to identify',
  SYS_ERR_ILLEGAL_DEST_TYPE: 'Illegal destination capability type',
  SYS_ERR_TYPE_NOT_CREATABLE: 'Specified capability type is not creatable at runtime',
  SYS_ERR_INVALID_SIZE: 'Invalid size for new objects',
  SYS_ERR_WRONG_MAPPING: 'Wrong source/destination mapping type',

  // libbarrelfish
  LIB_ERR_NO_LMP_MSG: 'No LMP message available',
  LIB_ERR_LMP_RECV_BUF_OVERFLOW: 'The receive buffer is too small for the LMP message',
  LIB_ERR_NO_UMP_MSG: 'No UMP message available',
  LIB_ERR_UMP_CHAN_FULL: 'The UMP channel is full',
  LIB_ERR_UMP_BUFSIZE_INVALID: 'The UMP buffer size is invalid',
  LIB_ERR_UMP_BUFADDR_INVALID: 'The UMP buffer address is invalid',
  LIB_ERR_LMP_NOT_CONNECTED: 'The LMP channel is not connected',
  LIB_ERR_LMP_BUFLEN_INVALID: 'Invalid LMP endpoint buffer length',
  LIB_ERR_CHAN_ALREADY_REGISTERED: 'The channel is already registered with a waitset',
  LIB_ERR_CHAN_NOT_REGISTERED: 'The channel is not registered with a waitset',
  LIB_ERR_NO_EVENT: 'No pending event',
  LIB_ERR_EVENT_DISPATCH: 'Error dispatching an event',
  LIB_ERR_NAMESERVICE_NOT_BOUND: 'Not bound to the nameservice',
  LIB_ERR_NAMESERVICE_UNKNOWN_NAME: 'Lookup failed: unknown name',
  LIB_ERR_NAMESERVICE_INVALID_NAME: 'Invalid name: no iref attribute',
  LIB_ERR_NAMESERVICE_NAME_TAKEN: 'Register failed: the name is registered already',

  // Monitors
  MON_ERR_IDC_BIND_NOT_SAME_CORE: 'IREF is on another core',
  MON_ERR_IDC_BIND_LOCAL: 'Intra-domain binding',
  MON_ERR_INVALID_CORE_ID: 'Invalid core ID',
  MON_ERR_INVALID_IREF: 'Invalid IREF',
  MON_ERR_IREF_ALLOC: 'Failed to allocate an IREF: table full',
  MON_ERR_NO_MONITOR_FOR_CORE: 'No monitor for the requested core',
  MON_ERR_CAP_SEND: 'Failed to send a capability through the monitor',

  // Octopus / nameservice records
  OCT_ERR_NO_RECORD: 'No record matches the query',
} as const;

/** The name of a Barrelfish error code, e.g. `'FLOUNDER_ERR_TX_BUSY'`. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * An `errval` as it travels in a message: the number of an {@link ErrorCode}
 * (0 is `SYS_ERR_OK`). See {@link errval} and {@link errorCodeOf}.
 */
export type Errval = number;

const CODE_NAMES = Object.keys(ERROR_CODES) as ErrorCode[];
const CODE_NUMBERS = new Map<string, number>(CODE_NAMES.map((name, i) => [name, i]));

/** The wire number of an error code. */
export function errval(code: ErrorCode): Errval {
  return CODE_NUMBERS.get(code)!;
}

/** The error code an `errval` names, or `undefined` for a number we do not know. */
export function errorCodeOf(value: Errval): ErrorCode | undefined {
  return CODE_NAMES[value];
}

/** Whether an `errval` means success. */
export function errIsOk(value: Errval): boolean {
  return value === 0;
}

/**
 * The one error class of flounder-ts: a Barrelfish error code and a readable message.
 *
 * `err.code` is the code's name, so callers test `err.code === 'FLOUNDER_ERR_TX_BUSY'`;
 * the message starts with Barrelfish's own description and adds what went wrong where.
 */
export class FlounderError extends Error {
  /** The Barrelfish error code. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ? `${ERROR_CODES[code]}: ${detail}` : ERROR_CODES[code], options);
    this.code = code;
    this.name = 'FlounderError';
  }

  /** The wire number of this error's code. */
  get errval(): Errval {
    return errval(this.code);
  }
}

/** Whether `err` is a {@link FlounderError}, optionally with the given code. */
export function isFlounderError(err: unknown, code?: ErrorCode): err is FlounderError {
  return err instanceof FlounderError && (code === undefined || err.code === code);
}
