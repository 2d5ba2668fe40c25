import type { Filter } from '@siphon/core';
import { openRun, type Run, type RunSink } from '@siphon/core/adapter';
import { Subscription, type Observer, type Subscriber } from 'rxjs';
import { reportUnhandled } from './report-unhandled.js';

/**
 * What `toOperator` subscribes to the source: each value goes into this subscription's own run of the
 * pipeline (the core's fed run, `openRun`, which owns the rules: order, outputs before a failure, cleanup
 * once, re-entrant values), and the run's outputs go downstream.
 *
 * It is a `Subscription` that is also an `Observer`, which RxJS 7 subscribes as it is instead of wrapping
 * it (as it does its own operators' subscribers). A synchronous source (`from(array)`, `range`, a Subject
 * re-entered from a handler) then sees it close the moment the run is over — a `take` finished, a filter
 * threw, the downstream unsubscribed — and stops emitting, as with RxJS's own operators.
 *
 * This object holds the downstream subscriber, as every RxJS operator must; the filters never do.
 */
export class RunObserver<In, Out> extends Subscription implements Observer<In>, RunSink<Out> {
  private readonly run: Run<In>;

  constructor(
    private readonly destination: Subscriber<Out>,
    filter: Filter<In, Out>,
  ) {
    super();
    this.run = openRun(filter, this, 'toOperator()');
    // Subscription runs this once, however the subscription ends; after the run ends it releases nothing.
    this.add(() => this.closeRun());
  }

  /** A pipeline that needs no input (`take(0)`) ends before anything is subscribed. */
  get done(): boolean {
    return this.run.done;
  }

  next(value: In): void {
    if (!this.closed) void this.run.write(value);
  }

  error(error: unknown): void {
    if (!this.closed) this.run.fail(error);
  }

  complete(): void {
    if (!this.closed) void this.run.end();
  }

  // The run's sink.

  push(output: Out): void {
    this.destination.next(output);
  }

  end(): void {
    this.destination.complete();
    this.unsubscribe();
  }

  fail(error: unknown): void {
    this.destination.error(error);
    this.unsubscribe();
  }

  private closeRun(): void {
    let closed: Promise<void> | undefined;
    try {
      closed = this.run.close();
    } catch (error) {
      reportUnhandled(error);
      return;
    }
    closed?.then(undefined, reportUnhandled);
  }
}
