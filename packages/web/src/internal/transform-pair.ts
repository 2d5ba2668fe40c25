import type { RunTransformer } from './run-transformer.js';

/**
 * A TransformStream for runtimes whose TransformStream never calls the transformer's `cancel` (every
 * browser so far: the hook is newer than their streams): the runtime's own TransformStream runs the
 * transformer (backpressure, `flush`, `terminate`, errors on both sides), and a ReadableStream and a
 * WritableStream in front of its two sides call `cancel` where the standard does: on the readable side's
 * cancel and the writable side's abort, never after `flush` has begun.
 *
 * The outer readable side holds nothing (highWaterMark 0: it reads the inner side only for a pending
 * read) and the outer writable side sends one chunk at a time, so the queues the strategies bound are
 * the inner readable side's and the outer writable side's, as in one TransformStream.
 */
export function transformPair<In, Out>(
  transformer: RunTransformer<In, Out>,
  writableStrategy: QueuingStrategy<In> | undefined,
  readableStrategy: QueuingStrategy<Out> | undefined,
): ReadableWritablePair<Out, In> {
  const inner = new TransformStream<In, Out>(transformer as Transformer<In, Out>, undefined, readableStrategy);
  const reader = inner.readable.getReader();
  const writer = inner.writable.getWriter();
  /** Set once `flush`, `cancel` or `abort` has begun: no other ending may reach the transformer. */
  let finished = false;
  const cancel = async (reason: unknown, otherSide: Promise<void>): Promise<void> => {
    if (finished) return;
    finished = true;
    await Promise.all([otherSide, transformer.cancel(reason)]);
  };
  const readable = new ReadableStream<Out>(
    {
      // An inner side that errors (a filter's error, an abort) errors this side at once, as one stream would.
      start: (controller) => void reader.closed.catch((error: unknown) => controller.error(error)),
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      // The inner TransformStream errors its writable side with the same reason, and so this pair's.
      cancel: (reason) => cancel(reason, reader.cancel(reason)),
    },
    { highWaterMark: 0 },
  );
  const writable = new WritableStream<In>(
    {
      // The inner writable side errors when the readable side is cancelled or the run is terminated or
      // fails: so does this one, at once, which tells a pipe feeding it to cancel its source.
      start: (controller) => void writer.closed.catch((error: unknown) => controller.error(error)),
      write: (chunk) => writer.write(chunk),
      close() {
        finished = true;
        return writer.close();
      },
      abort: (reason) => cancel(reason, writer.abort(reason)),
    },
    writableStrategy,
  );
  return { readable, writable };
}
