import { consumption, type ConsumptionAware } from '../adapter/consumption.js';
import type { Chain } from './chain.js';

/**
 * Consumption tracking for sources that ask for it (see the adapter entry's `consumption`). A host looks
 * for the hook once, when it opens the source's iterator; without it, none of this runs.
 */

export type Report = (count: number) => void;

/** The source iterator's consumption hook, bound, or `undefined` when it has none. */
export function reporterOf(iterator: object): Report | undefined {
  const hook = (iterator as Partial<ConsumptionAware>)[consumption];
  if (typeof hook !== 'function') return undefined;
  return (count) => hook.call(iterator, count);
}

/**
 * The watermark of a run whose stages are all synchronous (DirectRun), to the output. After each input
 * goes through the chain, if no stage holds anything, every output derived from the inputs so far is in
 * the output buffer: a mark records "once the consumer asks past output `end`, the first `count` inputs
 * are consumed".
 */
export class ConsumptionTracker {
  /** Inputs fed into the chain in this run. */
  private inputs = 0;
  /** Inputs up to the latest moment no stage held anything. */
  private clean = 0;
  private reported = 0;
  /** Marks for the current output buffer, in order: `ends[k]` outputs, then `counts[k]` inputs are done. */
  private readonly ends: number[] = [];
  private readonly counts: number[] = [];
  private head = 0;
  private length = 0;

  constructor(
    private readonly report: Report,
    private readonly chain: Chain,
  ) {}

  /** One input went through the chain, which now buffers `outputs` outputs. */
  fed(outputs: number): void {
    this.inputs++;
    if (!this.chain.holding()) this.mark(outputs);
  }

  /** The chain ran its end steps (the source ended, or a stage finished): it holds nothing any more. */
  ended(outputs: number): void {
    this.mark(outputs);
  }

  /** The consumer asks for output `pos` of the buffer: every output before it is consumed. */
  at(pos: number): void {
    let count = -1;
    while (this.head < this.length && this.ends[this.head]! <= pos) count = this.counts[this.head++]!;
    if (count > this.reported) this.send(count);
  }

  /** Every output made so far is consumed (the host is about to read, or to end the run normally). */
  drained(): void {
    this.head = this.length = 0;
    if (this.clean > this.reported) this.send(this.clean);
  }

  private mark(outputs: number): void {
    this.clean = this.inputs;
    const last = this.length - 1;
    if (last >= this.head && this.ends[last] === outputs) {
      this.counts[last] = this.inputs; // inputs with no output of their own: the same mark, moved on
      return;
    }
    this.ends[this.length] = outputs;
    this.counts[this.length++] = this.inputs;
  }

  private send(count: number): void {
    this.reported = count;
    this.report(count);
  }
}

/**
 * The watermark of a run with async stages (NodeRun), to the batch. Every node keeps a `mark`: every
 * output derived from the run's first `mark` inputs has left the node in the batches it returned. The
 * tail's mark is reported when the consumer has taken all it returned and asks for more.
 */
export class RunMarks {
  /** Set by the source node when it opens a source that asks for it. */
  report: Report | undefined = undefined;
  private reported = 0;

  release(mark: number): void {
    if (this.report === undefined || mark <= this.reported) return;
    this.reported = mark;
    this.report(mark);
  }
}
