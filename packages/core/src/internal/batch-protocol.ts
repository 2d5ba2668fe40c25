/**
 * Sources that can hand over everything they have ready at once implement this. The async host then
 * crosses the async boundary once per batch instead of once per chunk. Part of the filter protocol
 * (`protocol.ts`): from the global registry, so another copy's hosts read this copy's sources in batches.
 */
export const kBatches: unique symbol = Symbol.for('siphon.batches') as typeof kBatches;

export interface BatchSource<T> {
  [kBatches](): AsyncIterator<readonly T[], unknown, undefined>;
}

export function isBatchSource(value: object): value is BatchSource<unknown> {
  return typeof (value as Partial<BatchSource<unknown>>)[kBatches] === 'function';
}
