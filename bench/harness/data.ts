/** A small seeded PRNG (mulberry32): inputs are the same on every run and every machine. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Yields the array's items one per `next()`: a single-item async source, like a socket read per record. */
export async function* asyncItems<T>(items: readonly T[]): AsyncGenerator<T, void, undefined> {
  for (let i = 0; i < items.length; i++) yield items[i]!;
}

/** Splits `items` into arrays of `size`. */
export function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}

/** A `ReadableStream` over `items`, enqueuing while the stream wants more (what `ReadableStream.from` does). */
export function readableStreamOf<T>(items: readonly T[]): ReadableStream<T> {
  let i = 0;
  return new ReadableStream<T>(
    {
      pull(controller) {
        while (i < items.length) {
          controller.enqueue(items[i++]!);
          if ((controller.desiredSize ?? 0) <= 0) return;
        }
        controller.close();
      },
    },
    { highWaterMark: 16 },
  );
}
