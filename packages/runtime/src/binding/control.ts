/**
 * The messages a binding sends of its own, beside the interface's: message numbers no
 * interface uses. Flounder reserves 0 to 2 (`__dummy`, `__bind`, `__bind_reply`) and, over
 * UMP, 0x7fff (`FL_UMP_CAP_ACK`); a 15-bit UMP header holds at most 0x7fff.
 *
 * `rpc_error` (0x7ffe) is ours: the answer to an RPC call whose server failed. Flounder has
 * no such message (its RPC servers return an `errval` out-argument, or crash); here a server
 * method that throws answers its call with the error's code and text, under the call's
 * token, and the caller's promise rejects with a `FlounderError` of that code. It is laid
 * out like any message: over LMP the message number and the token in word 0, the code in
 * word 1, then the text as a string; over UMP the code in the slot, then the text.
 * @module
 */

import { ERROR_CODES, FlounderError, errorCodeOf, errval, isFlounderError, type Errval } from '../errors.js';
import { defineInterface } from '../wire/interface.js';

/** The message number of `rpc_error`. */
export const RPC_ERROR_MSGNUM = 0x7ffe;
/** The longest text an `rpc_error` carries, in bytes of UTF-8 with the NUL. */
const DETAIL_BYTES = 1024;
/** Characters of an error's message kept: at most 3 bytes each, well within the limit. */
const DETAIL_CHARS = 300;

/** The answer to a call whose server failed. */
export interface RpcError {
  readonly type: 'rpc_error';
  readonly code: Errval;
  readonly detail: string;
}

/** The binding's own messages. */
export const controlInterface = defineInterface<RpcError>({
  name: 'flounder',
  messages: {
    rpc_error: {
      number: RPC_ERROR_MSGNUM,
      fields: { code: 'errval', detail: { string: DETAIL_BYTES } },
      lmp: [['MSGNUM TOKEN', 'code'], { overflow: 'detail' }],
      ump: [['code'], { overflow: 'detail' }],
    },
  },
});

/** A lone surrogate: it has no UTF-8, so a string holding one cannot travel. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The `rpc_error` answering a call with `error`: the code of a `FlounderError` and what its
 * message adds to the code's description; for any other error `FLOUNDER_ERR_RPC_SERVER`
 * and its message.
 */
export function rpcError(error: unknown): RpcError {
  const code = isFlounderError(error) ? error.code : 'FLOUNDER_ERR_RPC_SERVER';
  let text = error instanceof Error ? error.message : String(error);
  const described = `${ERROR_CODES[code]}: `;
  if (isFlounderError(error) && text.startsWith(described)) text = text.slice(described.length);
  if (text.length > DETAIL_CHARS) text = `${text.slice(0, DETAIL_CHARS)}...`;
  // Flounder strings end at NUL.
  text = text.replaceAll('\0', ' ').replace(LONE_SURROGATE, '\uFFFD');
  return { type: 'rpc_error', code: errval(code), detail: text };
}

/** The error a caller's promise rejects with when its call of `what` is answered by `message`. */
export function rpcErrorToError(message: RpcError, what: string): FlounderError {
  const code = errorCodeOf(message.code) ?? 'FLOUNDER_ERR_RPC_SERVER';
  return new FlounderError(code, `${message.detail} (the server's answer to ${what})`);
}
