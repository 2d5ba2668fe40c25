import { asyncCore, type AsyncCore } from '../async-core.js';
import type { StageSpec } from '../stage.js';
import { InputQueue } from './input-queue.js';
import type { FedRun, RunSink } from './run-sink.js';

/**
 * A fed run of a pipeline with async stages (`mapAsync`): writes go into an {@link InputQueue} that the
 * async host reads in batches, and a pump hands each batch of outputs to the sink in order. The async
 * host owns the rules it shares with `pull`: outputs made before a failure come first, then the error;
 * every cleanup runs once. The pump holds back while the sink is full.
 */
export class AsyncFedRun<In, Out> implements FedRun<In> {
  private readonly input = new InputQueue();
  private readonly core: AsyncCore;
  private readonly pumped: Promise<void>;
  private resumePump: (() => void) | undefined;
  private full = false;
  private over = false;
  private closed = false;

  constructor(
    specs: readonly StageSpec[],
    private readonly sink: RunSink<Out>,
  ) {
    this.core = asyncCore(this.input, specs);
    this.pumped = this.pump();
  }

  get done(): boolean {
    return this.over || this.closed;
  }

  write(chunk: In): Promise<void> | undefined {
    if (this.done) return undefined;
    return this.input.write(chunk);
  }

  end(): Promise<void> {
    this.input.end();
    return this.pumped;
  }

  fail(error: unknown): void {
    this.input.end({ error });
  }

  resume(): void {
    this.full = false;
    const resume = this.resumePump;
    this.resumePump = undefined;
    resume?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.input.close();
    this.resume();
    await this.core.close();
  }

  private async pump(): Promise<void> {
    const core = this.core;
    const sink = this.sink;
    try {
      while (await core.fill()) {
        if (this.closed) return;
        const out = core.out;
        for (let i = 0; i < core.count && !this.closed; i++) {
          if (sink.push(out[i] as Out) === false) this.full = true;
        }
        core.count = 0;
        while (this.full && !this.closed) await new Promise<void>((resolve) => (this.resumePump = resolve));
        if (this.closed) return;
      }
    } catch (error) {
      this.over = true;
      this.input.close();
      let failure = error;
      try {
        await core.close({ error }); // closes the run if the failure has not already; rethrows the failure
      } catch (thrown) {
        failure = thrown;
      }
      if (!this.closed) sink.fail(failure);
      return;
    }
    // The host's input ended, or a stage such as `take` finished first.
    this.over = true;
    this.input.close();
    if (!this.closed) sink.end();
  }
}
