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

  constructor(filter: string, stage: number, stages: number, cause: unknown) {
    super(`${filter} (stage ${stage} of ${stages}) failed: ${describe(cause)}`, { cause });
    this.filter = filter;
    this.stage = stage;
    this.stages = stages;
  }
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return cause.message === '' ? cause.name : `${cause.name}: ${cause.message}`;
  return String(cause);
}
