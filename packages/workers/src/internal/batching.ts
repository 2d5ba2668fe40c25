import type { Filter } from '@siphon/core';
import { defineFilter } from './core.js';
import { NAME } from './name.js';

/** Sent after the last batch of a keyed run, so that every key's run can end and give its last outputs. */
export const END: unique symbol = Symbol('inWorkers.end');

export type BatchOrEnd = unknown[] | typeof END;

/**
 * Groups chunks into batches of `size` for the worker stage; the last, shorter batch goes out when the
 * input ends, followed by {@link END} for a keyed run. Named `inWorkers` so that the sync host's error
 * and any `FilterError` name the stage the user wrote.
 */
export function batching(size: number, keyed: boolean): Filter<unknown, BatchOrEnd> {
  return defineFilter<unknown, BatchOrEnd>(NAME, () => {
    let current: unknown[] = [];
    return {
      step(chunk) {
        current.push(chunk);
        if (current.length < size) return undefined;
        const full = current;
        current = [];
        return [full];
      },
      end() {
        const out: BatchOrEnd[] = current.length === 0 ? [] : [current];
        current = [];
        if (keyed) out.push(END);
        return out;
      },
      cleanup() {
        current = [];
      },
    };
  });
}

/** Hands on each batch's outputs one by one, in order. */
export function flattening<Out>(): Filter<readonly Out[], Out> {
  return defineFilter<readonly Out[], Out>(NAME, () => ({ step: (outputs) => outputs }));
}
