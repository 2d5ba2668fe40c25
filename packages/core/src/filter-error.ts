/**
 * The error a consumer sees when a filter throws: it names the filter and its place in the pipeline, and
 * keeps the original error as `cause`.
 *
 * @example
 * ```ts
 * try {
 *   collect(['1', 'x'], pipe(map(Number), map(parseStrict)));
 * } catch (error) {
 *   if (error instanceof FilterError) console.log(error.filter, error.stage, error.cause);
 *   // 'map', 2, SyntaxError(...)
 * }
 * ```
 */
export class FilterError extends Error {
  override readonly name = 'FilterError';

  /** The failing filter's name, e.g. `'map'` or the name given to `defineFilter`. */
  readonly filter: string;
  /** The failing filter's 1-based position in the flattened pipeline. */
  readonly stage: number;
  /** How many filters the flattened pipeline has. */
  readonly stages: number;
  /**
   * The outputs the failing call made before the failure, when the host had no other way to hand them
   * out: a stepper's `push` or `end` (see `start`) throws this error with them here. Empty elsewhere:
   * iterators and adapters deliver those outputs first, then the error.
   */
  outputs: readonly unknown[] = NO_OUTPUTS;

  constructor(filter: string, stage: number, stages: number, cause: unknown) {
    super(`${filter} (stage ${stage} of ${stages}) failed: ${describe(cause)}`, { cause });
    this.filter = filter;
    this.stage = stage;
    this.stages = stages;
  }
}

const NO_OUTPUTS: readonly unknown[] = Object.freeze([]);

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message === '' ? cause.name : `${cause.name}: ${cause.message}`;
  return String(cause);
}
