import type { PoolShare } from './pool-share.js';

/** Each stage's pools, so that tests can count the threads a stage has running. */
export const poolShares = new WeakMap<object, PoolShare>();
