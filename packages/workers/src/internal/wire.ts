/**
 * What the main thread and a worker send each other. Both sides import this file; it has no imports, so
 * the worker entry stays small.
 */

/** Names the user's filter: where its module is and which export it is. */
export interface FilterAddress {
  /** A `file:` URL. */
  readonly url: string;
  readonly exportName: string;
}

/** What every task of one stage carries: its filter, and whether buffers move (`transfer`). */
export interface TaskCommon extends FilterAddress {
  readonly transfer: boolean;
}

/** One batch for a fresh run of the filter. */
export interface BatchTask extends TaskCommon {
  readonly kind: 'batch';
  readonly chunks: readonly unknown[];
}

/** Part of a batch for a keyed run: each chunk goes to its key's run, kept in this worker. */
export interface KeyedTask extends TaskCommon {
  readonly kind: 'keyed';
  readonly keys: readonly string[];
  readonly chunks: readonly unknown[];
}

/** The end of a keyed run's input: every key's run ends, in the order the keys first came. */
export interface EndTask extends TaskCommon {
  readonly kind: 'end';
}

export type Task = BatchTask | KeyedTask | EndTask;

/**
 * A worker's answer: a batch task's outputs, a keyed task's outputs per chunk, or an end task's last
 * outputs per key (`[key, outputs]`). Errors come back as data, not as a rejected task, so that what
 * reaches the consumer does not depend on how structured clone treats an `Error` (it drops `cause` and
 * own fields).
 */
export type Reply<T = unknown> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: WireError };

/** What each kind of task's reply carries. */
export type Outputs = readonly unknown[];
export type PerChunk = readonly Outputs[];
export type PerKey = readonly (readonly [string, Outputs])[];

/** An error as sent between threads. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack: string | undefined;
  /** Set when the error was a `FilterError`: the failing stage inside the worker's filter. */
  readonly filterError?: { readonly filter: string; readonly stage: number; readonly stages: number };
  readonly cause?: WireError | { readonly value: unknown };
  /** Set when the thrown value was not an `Error`: the value itself, as cloned. */
  readonly thrown?: { readonly value: unknown };
  /** Own enumerable fields that clone (`code`, `errno`…). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/**
 * The `ArrayBuffer`s behind `values` that can be moved to another thread without harming anything
 * else: a view is moved only when it covers its whole buffer, since small Node `Buffer`s share one
 * pooled `ArrayBuffer` and moving it would detach every other `Buffer` cut from it. Others are copied.
 */
export function transferables(values: readonly unknown[]): ArrayBuffer[] {
  const found = new Set<ArrayBuffer>();
  for (const value of values) {
    if (value instanceof ArrayBuffer) {
      found.add(value);
    } else if (ArrayBuffer.isView(value) && value.buffer instanceof ArrayBuffer) {
      if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) found.add(value.buffer);
    }
  }
  return [...found];
}
