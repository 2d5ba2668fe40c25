import type { Stepper } from '@siphon/core';
import { Subscription, type Observer, type Subscriber } from 'rxjs';
import { disposeSymbol } from './dispose.js';

/** A terminal notification that arrived while the observer was busy, applied once the queue is drained. */
type Terminal = { readonly error: unknown } | 'complete';

/**
 * What `toOperator` subscribes to the source when every stage of the pipeline is synchronous: each value
 * is pushed into this subscription's own run of the pipeline (a core `Stepper`), and the outputs it
 * returns are handed downstream in order. The run's end outputs follow the source's `complete`.
 *
 * It is a `Subscription` that is also an `Observer`, which RxJS 7 subscribes as it is instead of wrapping
 * it (as it does its own operators' subscribers). A synchronous source (`from(array)`, `range`, a Subject
 * re-entered from a handler) then sees it close the moment the run is over — a `take` finished, a filter
 * threw, the downstream unsubscribed — and stops emitting, as with RxJS's own operators.
 *
 * Re-entrancy: a value (or `complete`/`error`) that arrives while a push is running, or while outputs of
 * the current push are still waiting to go downstream, waits in a queue and is taken right after them.
 * Otherwise it is taken at once, nested, exactly as RxJS's operators take it. So the subscriber always
 * sees the outputs in the order the pipeline produced them, none lost, and a pipeline that makes at most
 * one output per input interleaves with re-entrant handlers exactly as the equivalent RxJS operators do.
 * (RxJS's `mergeMap` instead runs each of an input's outputs depth-first through the rest of the chain;
 * a fused pipeline computes all of them first.)
 *
 * This object holds the downstream subscriber, as every RxJS operator must; the filters never do.
 */
export class StepperObserver<In, Out> extends Subscription implements Observer<In> {
  /** A terminal notification has gone downstream (or the run ended): later values are ignored. */
  private stopped = false;
  /** A push is running, or its outputs are still being handed downstream. */
  private busy = false;
  private readonly waiting: In[] = [];
  private terminal: Terminal | undefined;

  constructor(
    private readonly destination: Subscriber<Out>,
    private readonly stepper: Stepper<In, Out>,
  ) {
    // Subscription runs this once, however the subscription ends; after `end()` it finds nothing to release.
    super(() => stepper[disposeSymbol]());
  }

  next(value: In): void {
    // `done`: a stage such as `take` has finished; the push that finished it completes once its outputs are out.
    if (this.stopped || this.closed || this.terminal !== undefined || this.stepper.done) return;
    if (this.busy || this.waiting.length > 0) {
      this.waiting.push(value);
      return;
    }
    this.step(value);
    this.drain();
  }

  error(error: unknown): void {
    this.end({ error });
  }

  complete(): void {
    this.end('complete');
  }

  private end(terminal: Terminal): void {
    if (this.stopped || this.closed || this.terminal !== undefined) return;
    if (this.busy || this.waiting.length > 0) {
      this.terminal = terminal;
      return;
    }
    if (terminal === 'complete') this.finish();
    else this.fail(terminal.error);
  }

  /** Takes the values (and the terminal notification) that arrived while busy, in arrival order. */
  private drain(): void {
    const waiting = this.waiting;
    while (!this.stopped && !this.busy && !this.closed) {
      if (waiting.length === 0) {
        const terminal = this.terminal;
        if (terminal === undefined) return;
        this.terminal = undefined;
        if (terminal === 'complete') this.finish();
        else this.fail(terminal.error);
        return;
      }
      this.step(waiting.shift()!);
    }
  }

  private step(value: In): void {
    this.busy = true;
    let outputs: readonly Out[];
    try {
      outputs = this.stepper.push(value);
    } catch (error) {
      this.busy = false;
      this.fail(error);
      return;
    }
    const destination = this.destination;
    const last = outputs.length - 1;
    for (let i = 0; i <= last; i++) {
      // A handler downstream may have unsubscribed, or ended the run re-entrantly.
      if (this.closed || this.stopped) return;
      // Nothing of this push is left to emit: a value pushed re-entrantly from here can go straight in.
      if (i === last) this.busy = false;
      destination.next(outputs[i]!);
    }
    this.busy = false;
    // A stage such as `take` has finished: flush the stages after it and complete, as `take` itself does.
    if (!this.stopped && this.stepper.done) this.finish();
  }

  private finish(): void {
    this.stopped = true;
    this.waiting.length = 0;
    let outputs: readonly Out[];
    try {
      outputs = this.stepper.end();
    } catch (error) {
      this.destination.error(error);
      this.unsubscribe();
      return;
    }
    const destination = this.destination;
    for (let i = 0; i < outputs.length; i++) {
      if (this.closed) return;
      destination.next(outputs[i]!);
    }
    destination.complete();
    this.unsubscribe();
  }

  private fail(error: unknown): void {
    this.stopped = true;
    this.waiting.length = 0;
    this.destination.error(error);
    this.unsubscribe();
  }
}
