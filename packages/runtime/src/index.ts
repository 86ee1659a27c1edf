export * from './errors.js';
export * from './types.js';
export * from './chan/index.js';
