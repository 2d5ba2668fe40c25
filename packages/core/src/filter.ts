declare const io: unique symbol;

/**
 * A reusable recipe that turns chunks of `In` into chunks of `Out`.
 *
 * A filter never sees who consumes it: it returns its outputs, and the host running it (`pull`,
 * `collect`, `start`, or an adapter) hands them on. Each run creates fresh private state, so one filter
 * value can serve any number of runs at once, and holding it keeps no consumer alive.
 *
 * Build filters with the built-ins (`map`, `lines`, …), combine them with `pipe`, and write your own
 * with `defineFilter`.
 *
 * @example
 * ```ts
 * const shout: Filter<string, string> = pipe(lines(), map((line) => line.toUpperCase()));
 * collect(['a\nb', 'c\n'], shout); // ['A', 'BC']
 * ```
 */
export interface Filter<In, Out> {
  /** A readable name, used in error messages: `'map'`, `'lines'`, `'pipe(map, filter)'`. */
  readonly name: string;
  /**
   * Type-level only, never present at run time: makes `In` contravariant and `Out` covariant, and keeps
   * anything that merely has a `name` (a filter factory such as `lines` itself) from passing as a filter.
   */
  readonly [io]: (input: In) => Out;
}

/** The chunk type a filter accepts. */
export type InputOf<F> = F extends Filter<infer In, any> ? In : never;

/** The chunk type a filter produces. */
export type OutputOf<F> = F extends Filter<any, infer Out> ? Out : never;
