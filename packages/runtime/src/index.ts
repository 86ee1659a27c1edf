export * from './errors.js';
export * from './types.js';
export * from './chan/index.js';
export * from './wire/index.js';
export * from './machine.js';
export * from './binding/index.js';
