import { fromPush, pullBatches, type Filter, type PushObserver, type Teardown } from '@siphon/core';
import type { Observable, Subscriber, TeardownLogic } from 'rxjs';
import { reportUnhandled } from './report-unhandled.js';

/**
 * Runs a pipeline with async stages (`mapAsync`) for one subscription of `toOperator`: the source's values
 * go into an unbounded push→pull buffer (RxJS has no backpressure to apply, so it buffers as `concatMap`
 * does), `pullBatches` runs the pipeline over it in order, and each batch of outputs goes downstream.
 * Unsubscribing closes the run, which unsubscribes from the source and runs every filter's cleanup once.
 */
export function runAsync<In, Out>(
  source: Observable<In>,
  subscriber: Subscriber<Out>,
  filter: Filter<In, Out>,
): TeardownLogic {
  const batches = pullBatches(fromPush<In>(subscribeTo(source), { highWaterMark: Infinity }), filter);
  void drive(batches, subscriber);
  return () => {
    batches.return?.().then(undefined, reportUnhandled);
  };
}

// Built apart from the run, so what the source holds (the observer) closes over nothing but the source.
function subscribeTo<In>(source: Observable<In>): (observer: PushObserver<In>) => Teardown {
  return (observer) => source.subscribe(observer);
}

async function drive<Out>(batches: AsyncIterator<readonly Out[]>, subscriber: Subscriber<Out>): Promise<void> {
  try {
    for (;;) {
      const result = await batches.next();
      if (subscriber.closed) return;
      if (result.done === true) break;
      for (const value of result.value) {
        subscriber.next(value);
        if (subscriber.closed) return;
      }
    }
  } catch (error) {
    subscriber.error(error);
    return;
  }
  subscriber.complete();
}
