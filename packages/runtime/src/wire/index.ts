/**
 * The wire: what generated codecs run on, and the contract between them, the bindings and the
 * machine that moves frames.
 *
 * **Descriptor.** A generated module declares its interface's schema and exports
 * `defineInterface(schema)`, an {@link InterfaceDescriptor}: the interface name, a
 * {@link MessageCodec} per message (by name, and by number in `byNumber`), each with its
 * number, kind (`message`, `call`, `response`), fields (types and limits) and its layout
 * for LMP and UMP.
 *
 * **Sending.** A binding keeps one {@link Frames} per direction (one message is in flight at a
 * time) and calls `codec.encode(message, backend, token, frames)` (or `descriptor.encode`,
 * which picks the codec by `message.type`). Bad values throw before anything is sent:
 * `FLOUNDER_ERR_BAD_ARGUMENT` (wrong type, out of range), `FLOUNDER_ERR_TX_MSG_SIZE` (a
 * string or buffer over its declared size), `FLOUNDER_ERR_UMP_UNSUPPORTED` (a message with
 * `uintptr`, `intptr` or `size` over UMP). Then it sends `frames.count` fragments in order;
 * fragment `i` is `frames.size(i)` 64-bit words from word `frames.start(i)` of `frames.u32`,
 * which holds each word as two 32-bit halves, low half first.
 * - LMP: one `lmp_chan_send` per fragment (at most 10 words), with `frames.cap(i)` attached
 *   (moved if `frames.capGivenAway(i)`); Flounder clears `LMP_FLAG_SYNC` on all but the
 *   last. The message number and the token are inside word 0 (and 1) already.
 * - UMP: one 64-byte slot per fragment: its words in `data[0..size)`, the header word
 *   `1 | frames.msgnum << 17 | frames.token << 32` written last. The caps then go through the
 *   monitor, `frames.caps[k]` with capid `k` (moved if `frames.giveAway[k]`), once the
 *   receiver has answered the first slot with `FL_UMP_CAP_ACK`.
 *
 * **Receiving.** A binding keeps one {@link Reassembler} per direction and hands it every
 * fragment as it arrives: `pushLmp(words, at, size, cap)` for an LMP message, `pushUmp(words,
 * at, msgnum, token)` for a UMP slot (its 7 data words and its header fields; bind, bind-reply
 * and cap-ack slots are the binding's own), `pushCap(capid, cap)` for a cap from the monitor.
 * Each returns the decoded message once the last piece is in (and `undefined` before), with
 * the message's token in `reassembler.frames.token`; `awaitingCaps` says when to send the cap
 * ack. A fragment that does not fit the layout throws `FLOUNDER_ERR_RX_EMPTY_MSG`,
 * `FLOUNDER_ERR_RX_INVALID_MSGNUM` or `FLOUNDER_ERR_RX_INVALID_LENGTH`, and the message is
 * dropped.
 *
 * **Strings and buffers** travel after the fixed fragments, each as its own chunks: a length
 * word (the UTF-8 bytes and the NUL, for a string), then the bytes, 8 to a word with the
 * first byte highest and the last word right-aligned; chunks of at most 10 words over LMP,
 * one slot of 7 over UMP.
 *
 * **Values on the wire** are bit-exact with the reference compiler's layout, with two
 * deliberate differences: every field is checked and masked to its width before packing
 * (Flounder's stubs do not mask, so a negative field spills over its neighbours), and an
 * `errval` is a 32-bit number here, as it is on Flounder's wire (whose receiver drops the
 * upper half).
 * @module
 */
export type * from './schema.js';
export { fieldList } from './schema.js';
export { SCALAR_TYPES, badArgument, tooLong } from './values.js';
export { wordsForBytes, packBytes, unpackBytes } from './bytes.js';
export { Frames } from './frames.js';
export { LMP_WORDS, UMP_WORDS, LRPC_WORDS, type Backend, type Plan, type Piece } from './plan.js';
export { MessageCodec } from './codec.js';
export { InterfaceDescriptor, defineInterface } from './interface.js';
export { Reassembler } from './reassembly.js';
