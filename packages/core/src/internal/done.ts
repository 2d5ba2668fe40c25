/** The one result every finished iterator in the core returns: frozen, so sharing it is safe. */
export const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });
