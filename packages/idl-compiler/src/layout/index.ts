export * from './layout.js';
export { layoutToJson } from './json.js';
export { LMP_WORDS_PER_FRAGMENT } from './lmp.js';
export { UMP_WORDS_PER_FRAGMENT, NON_PORTABLE_REASON } from './ump.js';
export { WORD_BITS } from './pack.js';
export * from './values.js';
