import { pull, start, type Filter, type Stepper } from '@siphon/core';

// Never iterated: `pull` checks its filter argument without reading the source or creating any state.
const UNREAD: AsyncIterable<never> = {
  [Symbol.asyncIterator]: () => {
    throw new Error('unreachable: the probe source is never read');
  },
};

/**
 * Throws the core's `TypeError` for a value that is not a Siphon filter, with `caller` named instead of
 * `pull()`. The core exports no filter check of its own, so this asks `pull`, which validates without
 * starting a run.
 */
export function assertFilter(filter: unknown, caller: string): asserts filter is Filter<unknown, unknown> {
  try {
    pull(UNREAD, filter as Filter<unknown, unknown>);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new TypeError(error.message.replace(/^pull\(\)/, caller), { cause: error });
  }
}

/**
 * Starts a synchronous run of an already checked filter, or returns `undefined` when the filter has
 * asynchronous stages (`mapAsync`), which only `pull` can run: `start` refuses them with a `TypeError`
 * before creating any stage state. A stage whose setup throws still throws (a `FilterError`).
 */
export function startSync<In, Out>(filter: Filter<In, Out>): Stepper<In, Out> | undefined {
  try {
    return start(filter);
  } catch (error) {
    if (error instanceof TypeError) return undefined;
    throw error;
  }
}
