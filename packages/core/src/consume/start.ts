import type { Filter } from '../filter.js';
import { Chain } from '../internal/chain.js';
import { disposeSymbol } from '../internal/close.js';
import { specsOf } from '../internal/recipe.js';
import { syncSpecs } from '../internal/source.js';
import { SKIP } from '../internal/stage.js';

/**
 * A run of a pipeline driven chunk by chunk: the digest-style `update()` pattern, without handing the
 * filter a callback. See {@link start}.
 */
export interface Stepper<In, Out> extends Disposable {
  /** Feeds one chunk and returns the outputs it produced (often none). Throws after `end()`. */
  push(chunk: In): readonly Out[];
  /** Ends the input, returns the final outputs (a partial last line, say) and releases the run. */
  end(): readonly Out[];
  /**
   * True once the pipeline takes no more input: after `end()`, after an error, or when a stage such as
   * `take` has finished (further pushes then return no outputs).
   */
  readonly done: boolean;
}

/**
 * Starts a run of `filter` that you feed yourself. Use it where data arrives through your own code path
 * (a protocol handler's `onData`, a digest-style `update(chunk)` method) rather than as an iterable.
 * The stepper returns outputs to the caller; it never calls back into it.
 *
 * @example
 * ```ts
 * class LineReader {
 *   private readonly stepper = start(pipe(decodeText(), lines()));
 *   readonly lines: string[] = [];
 *   update(bytes: Uint8Array) {
 *     this.lines.push(...this.stepper.push(bytes));
 *   }
 *   finish() {
 *     this.lines.push(...this.stepper.end());
 *   }
 * }
 * ```
 */
export function start<In, Out>(filter: Filter<In, Out>): Stepper<In, Out> {
  return new ChainStepper<In, Out>(new Chain(syncSpecs(specsOf(filter, 'start()'), 'start()')));
}

const NONE: readonly never[] = Object.freeze([]);

class ChainStepper<In, Out> implements Stepper<In, Out> {
  private ended = false;

  constructor(private readonly chain: Chain) {}

  get done(): boolean {
    return this.ended || this.chain.finished >= 0;
  }

  push(chunk: In): readonly Out[] {
    if (this.ended) throw new TypeError('Stepper.push(): the run has ended; start() a new one');
    const chain = this.chain;
    if (chain.finished >= 0) return NONE;
    let only: unknown;
    try {
      only = chain.pass(chunk);
    } catch (error) {
      this.close({ error });
    }
    // The usual case, one output: a one-element array, and the chain's buffer stays untouched.
    if (typeof only !== 'symbol' || only !== SKIP) return [only as Out];
    const count = chain.count;
    if (count === 0) return NONE;
    if (count > 1) return chain.take() as Out[];
    // One output that came through the buffer (a stage made several and a later one dropped all but one,
    // or a stage finished): taking the buffer would make the chain grow a new one on the next push.
    const out = chain.out;
    const first = out[0] as Out;
    out[0] = undefined;
    chain.count = 0;
    return [first];
  }

  end(): readonly Out[] {
    if (this.ended) throw new TypeError('Stepper.end(): the run has already ended');
    try {
      this.chain.end();
    } catch (error) {
      this.close({ error });
    }
    const out = this.chain.take() as Out[];
    this.close();
    return out;
  }

  [disposeSymbol](): void {
    if (!this.ended) this.close();
  }

  private close(failure?: { error: unknown }): void {
    this.ended = true;
    try {
      this.chain.cleanup();
    } catch (error) {
      failure ??= { error };
    }
    if (failure !== undefined) throw failure.error;
  }
}
