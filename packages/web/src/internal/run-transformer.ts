/**
 * The transformers this package makes: a run of a pipeline seen from a transform stream. Unlike the DOM
 * typings' `Transformer` this names `cancel`, the standard's hook for a cancelled readable side or an
 * aborted writable side.
 */
export interface RunTransformer<In, Out> {
  start?(controller: TransformStreamDefaultController<Out>): void;
  transform(chunk: In, controller: TransformStreamDefaultController<Out>): void | Promise<void>;
  flush(controller: TransformStreamDefaultController<Out>): void | Promise<void> | undefined;
  cancel(reason: unknown): void | Promise<void>;
}
