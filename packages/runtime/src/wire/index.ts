export * from './schema.js';
export { Kind, SCALAR_TYPES, MSGNUM_BITS, TOKEN_BITS, describe, badArgument, tooLong } from './values.js';
export { wordsForBytes, packBytes, unpackBytes } from './bytes.js';
export { Frames } from './frames.js';
export { LMP_WORDS, UMP_WORDS, LRPC_WORDS, type Backend, type Plan, type Piece, type Position } from './plan.js';
export { MessageCodec, overflowLength } from './codec.js';
export { InterfaceDescriptor, defineInterface } from './interface.js';
export { Reassembler } from './reassembly.js';
