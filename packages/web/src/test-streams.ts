// Helpers for this package's tests (not published: `files` leaves out src/**/test-*).
import { defineFilter, type Filter } from '@siphon/core';
import { afterAll, beforeAll, vi } from 'vitest';

export const encoder = new TextEncoder();

/** A pass-through filter that counts its runs' cleanups, to check teardown happens exactly once. */
export function cleanupProbe<T>(): { readonly filter: Filter<T, T>; readonly cleanups: () => number } {
  let cleanups = 0;
  const filter = defineFilter<T, T>('probe', () => ({
    step: (chunk) => [chunk],
    cleanup: () => {
      cleanups++;
    },
  }));
  return { filter, cleanups: () => cleanups };
}

/** A stream that hands out `chunks` one per pull and records whether (and why) it was cancelled. */
export function sourceOf<T>(chunks: readonly T[]): {
  readonly stream: ReadableStream<T>;
  readonly cancelled: unknown[];
} {
  return recordingSource(chunks, false);
}

/**
 * Like {@link sourceOf}, but each chunk comes a macrotask after it is asked for, so a consumer sees the
 * stream open between chunks (a network body rather than a buffer already in memory).
 */
export function slowSourceOf<T>(chunks: readonly T[]): {
  readonly stream: ReadableStream<T>;
  readonly cancelled: unknown[];
} {
  return recordingSource(chunks, true);
}

function recordingSource<T>(
  chunks: readonly T[],
  slow: boolean,
): { readonly stream: ReadableStream<T>; readonly cancelled: unknown[] } {
  const cancelled: unknown[] = [];
  let i = 0;
  const handOut = (controller: ReadableStreamDefaultController<T>): void => {
    if (i < chunks.length) controller.enqueue(chunks[i++]!);
    else controller.close();
  };
  const stream = new ReadableStream<T>(
    {
      // The fast source answers a pull synchronously, as a buffer in memory would.
      pull: slow
        ? async (controller) => {
            await settle(1);
            handOut(controller);
          }
        : handOut,
      cancel(reason) {
        cancelled.push(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, cancelled };
}

/** Cuts `bytes` at the given offsets (sorted, deduplicated, clamped) into chunks that share no memory. */
export function cut(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const points = [...new Set(offsets.map((offset) => Math.min(Math.max(offset, 0), bytes.length)))].sort(
    (a, b) => a - b,
  );
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const to of [...points, bytes.length]) {
    if (to > from) chunks.push(bytes.slice(from, to));
    from = to;
  }
  return chunks;
}

export async function readAll<T>(stream: ReadableStream<T>): Promise<T[]> {
  const reader = stream.getReader();
  const all: T[] = [];
  for (;;) {
    const result = await reader.read();
    if (result.done) return all;
    all.push(result.value);
  }
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Lets every pending promise job and a few macrotasks run: a slow consumer's pause, without a clock. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}

/** The rejection reason of `promise`, or a failure if it fulfils. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}

/**
 * A TransformStream like those of today's browsers, which never call the transformer's `cancel`: makes
 * toTransformStream take its stream-pair path under Node.
 */
export class HooklessTransformStream<I, O> extends TransformStream<I, O> {
  constructor(transformer?: Transformer<I, O>, writable?: QueuingStrategy<I>, readable?: QueuingStrategy<O>) {
    const t = transformer as (Transformer<I, O> & { cancel?: unknown }) | undefined;
    super(
      t === undefined
        ? undefined
        : ({
            start: t.start?.bind(t),
            transform: t.transform?.bind(t),
            flush: t.flush?.bind(t),
          } as Transformer<I, O>),
      writable,
      readable,
    );
  }
}

/** Runs the surrounding describe block's tests with the hook-less TransformStream installed. */
export function useHooklessTransformStream(enabled: boolean): void {
  if (!enabled) return;
  beforeAll(() => vi.stubGlobal('TransformStream', HooklessTransformStream));
  afterAll(() => vi.unstubAllGlobals());
}
