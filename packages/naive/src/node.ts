import type { EventEmitter } from 'node:events';
import { Transform, type Readable, type TransformCallback } from 'node:stream';

/** What the naive Node filter hands each line to: the consumer's own method, bound to the consumer. */
export type LineCallback = (line: string) => void;

/** A long-lived emitter of `'change'` events carrying `{ dosMode }`: app settings, reloaded at run time. */
export type SettingsHub = Pick<EventEmitter, 'on' | 'off'>;

/** Options for {@link CallbackLineTransform} and {@link LineCollector}. */
export interface CallbackLineOptions {
  /**
   * End every line with `'\r\n'` instead of `'\n'`.
   * @default false
   */
  readonly dosMode?: boolean;
  /** Where `dosMode` changes come from while the stream runs. */
  readonly settings?: SettingsHub;
}

/**
 * The incident's design in Node-streams clothes: a `Transform` constructed with the consumer's callback.
 * It splits its input into lines, re-terminates each with `'\n'` (or `'\r\n'` in DOS mode), and calls
 * back with every line instead of pushing it, so it pushes nothing itself.
 *
 * Why it leaks: the consumer passes `this.onLine.bind(this)`, so the transform holds the consumer and all
 * it collected. Whatever long-lived thing holds the transform keeps all of that alive:
 * - a long-lived source piped into it (`source.pipe(transform)`) holds it through the pipe's listeners
 *   until someone calls `unpipe`, and nothing in the design says when the consumer is done. Node unpipes
 *   only when the transform fails or closes; a consumer that simply stops caring stays attached, and after
 *   ten of them the source warns `MaxListenersExceededWarning`.
 * - with `settings`, it subscribes to the settings hub in the constructor and unsubscribes in `_flush`,
 *   the way cleanup is usually written; a run that fails never flushes, so the hub keeps it for ever.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const transform = new CallbackLineTransform((line) => lines.push(line));
 * transform.end('a\r\nb');
 * // lines: ['a\n', 'b\n']
 * ```
 */
export class CallbackLineTransform extends Transform {
  // Plain properties, not `#private`: heap snapshots then name the edges in retainer paths.
  private readonly callback: LineCallback;
  private readonly settings: SettingsHub | undefined;
  private newline: string;
  private partial = '';

  constructor(callback: LineCallback, options: CallbackLineOptions = {}) {
    super({ decodeStrings: false });
    if (typeof callback !== 'function') {
      throw new TypeError(`CallbackLineTransform: callback must be a function, got ${typeof callback}`);
    }
    this.callback = callback;
    this.newline = options.dosMode === true ? '\r\n' : '\n';
    this.settings = options.settings;
    this.settings?.on('change', this.onSettings);
  }

  override _transform(chunk: Buffer | string, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      const text = this.partial + String(chunk);
      let from = 0;
      let newline = text.indexOf('\n');
      while (newline !== -1) {
        const end = newline > from && text.charCodeAt(newline - 1) === 13 /* \r */ ? newline - 1 : newline;
        this.callback(text.slice(from, end) + this.newline);
        from = newline + 1;
        newline = text.indexOf('\n', from);
      }
      this.partial = text.slice(from);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.settings?.off('change', this.onSettings);
    try {
      if (this.partial !== '') this.callback(this.partial + this.newline);
      this.partial = '';
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  }

  private readonly onSettings = (settings: { readonly dosMode?: boolean }): void => {
    this.newline = settings.dosMode === true ? '\r\n' : '\n';
  };
}

/**
 * The incident's consumer for Node streams (its `Foo`): it builds a {@link CallbackLineTransform} with its
 * own bound method as the callback and collects every line. `listen` wires a source to it the way it is
 * usually written, `source.pipe(this.transform)`, with no way for the consumer to say it is done.
 *
 * `onLine` may be told to fail, to model consumers that end in error.
 *
 * @example
 * ```ts
 * const collector = new LineCollector().listen(socket);
 * // later: collector.allData()
 * ```
 */
export class LineCollector {
  /** The filter this consumer feeds: the end a source is piped into. */
  readonly transform: CallbackLineTransform;
  private readonly lines: string[] = [];
  private failure: { readonly error: Error; readonly afterLines: number } | undefined;
  /** The error that destroyed the transform, if one did. */
  error: Error | undefined;

  constructor(options: CallbackLineOptions = {}) {
    this.transform = new CallbackLineTransform(this.onLine.bind(this), options);
  }

  /** Pipes `source` into this consumer's transform, and records the transform's error when it fails. */
  listen(source: Readable): this {
    this.transform.on('error', this.onError.bind(this));
    source.pipe(this.transform);
    return this;
  }

  /** The transform's `'error'` listener (a stream error with no listener would crash the process). */
  onError(error: Error): void {
    this.error = error;
  }

  /** Every line fails with `error` once `afterLines` lines have been collected (the transform is then destroyed with it). */
  failWith(error: Error, afterLines = this.lines.length): this {
    this.failure = { error, afterLines };
    return this;
  }

  /** The callback: collects each line. */
  onLine(line: string): void {
    if (this.failure !== undefined && this.lines.length >= this.failure.afterLines) throw this.failure.error;
    this.lines.push(line);
  }

  /** How many lines were collected. */
  get lineCount(): number {
    return this.lines.length;
  }

  /** Everything collected so far, joined. */
  allData(): string {
    return this.lines.join('');
  }
}
