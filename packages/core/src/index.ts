export type { Filter, InputOf, OutputOf } from './filter.js';
export { FilterError } from './filter-error.js';
export { isFilter } from './is-filter.js';
export { isSyncFilter } from './is-sync-filter.js';

export { pipe, type PipeChain } from './filters/pipe.js';
export { defineFilter, type FilterSteps } from './filters/define-filter.js';
export { map } from './filters/map.js';
export { filter } from './filters/filter.js';
export { flatMap } from './filters/flat-map.js';
export { scan } from './filters/scan.js';
export { take } from './filters/take.js';
export { drop } from './filters/drop.js';
export { takeWhile, type TakeWhileOptions } from './filters/take-while.js';
export { dropWhile } from './filters/drop-while.js';
export { tap } from './filters/tap.js';
export { batch } from './filters/batch.js';
export { distinctUntilChanged } from './filters/distinct-until-changed.js';
export { mapAsync, type MapAsyncOptions } from './filters/map-async.js';

export type { Bytes } from './text/bytes.js';
export { decodeText, type DecodeTextOptions } from './text/decode-text.js';
export { encodeText } from './text/encode-text.js';
export { lines, type LinesOptions } from './text/lines.js';
export { normalizeNewlines, type Newline } from './text/normalize-newlines.js';

export { pull } from './consume/pull.js';
export type { AsyncPullIterator, PullIterator } from './consume/pull-iterator.js';
export { pullBatches } from './consume/pull-batches.js';
export { collect } from './consume/collect.js';
export { start, type Stepper } from './consume/start.js';

export {
  fromPush,
  type FromPushOptions,
  type Overflow,
  type PushIterator,
  type PushObserver,
  type Teardown,
} from './sources/from-push.js';
export { fromEvent, type EventEmitterLike, type EventTargetLike, type FromEventOptions } from './sources/from-event.js';
export { fromBatches, type BatchedSource } from './sources/from-batches.js';
export { consumerCount } from './sources/consumer-count.js';
