/**
 * Any class or constructor function: what {@link countLiveInstances} and {@link expectInstanceCount}
 * count the live instances of.
 *
 * @example
 * ```ts
 * const ctor: Constructor = Map;
 * ```
 */
export type Constructor = abstract new (...args: never) => unknown;
