// Two copies of the core in one program (the ESM and the CommonJS build side by side, or two versions in
// node_modules) must run each other's filters. The builds are made here, from the current sources, into a
// temporary directory, so the test never runs against a stale dist.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as here from './index.js';

type Core = typeof here;
type Adapter = typeof import('./adapter.js');

const coreDir = fileURLToPath(new URL('..', import.meta.url));
let outDir: string;
let esm: Core;
let cjs: Core;
let cjsAdapter: Adapter;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'siphon-core-copies-'));
  await build({
    entry: { index: join(coreDir, 'src/index.ts'), adapter: join(coreDir, 'src/adapter.ts') },
    format: ['esm', 'cjs'],
    outDir,
    target: 'es2022',
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
  });
  esm = (await import(pathToFileURL(join(outDir, 'index.js')).href)) as Core;
  cjs = createRequire(import.meta.url)(join(outDir, 'index.cjs')) as Core;
  cjsAdapter = createRequire(import.meta.url)(join(outDir, 'adapter.cjs')) as Adapter;
}, 60_000);

afterAll(() => {
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
});

describe('filters from another copy of the core', () => {
  it('are three distinct copies (this test means something)', () => {
    expect(esm.map).not.toBe(cjs.map);
    expect(esm.map).not.toBe(here.map);
  });

  it('an ESM filter runs on the CommonJS hosts, and the other way round', async () => {
    for (const [maker, runner] of [
      [esm, cjs],
      [cjs, esm],
      [cjs, here],
    ] as const) {
      const shout = maker.pipe(
        maker.lines(),
        maker.map((line: string) => line.toUpperCase()),
      );
      expect(runner.isFilter(shout)).toBe(true);
      expect(runner.isSyncFilter(shout)).toBe(true);
      expect(runner.collect(['a\nb', 'c\n'], shout)).toEqual(['A', 'BC']);
      expect([...runner.pull(['a\nb'], shout)]).toEqual(['A', 'B']);
      const stepper = runner.start(shout);
      expect([...stepper.push('x\ny'), ...stepper.end()]).toEqual(['X', 'Y']);
      expect(await runner.collect(runner.fromBatches([['p\nq']]), shout)).toEqual(['P', 'Q']);
    }
  });

  it('mixes in one pipe: skipped chunks, several outputs, a finished stage and an async stage', async () => {
    const mixed = cjs.pipe(
      esm.filter((n: number) => n !== 2),
      here.flatMap((n: number) => [n, n * 10]),
      esm.take(5),
      cjs.batch<number>(2),
      esm.mapAsync(async (group: number[]) => group.join('+')),
    );
    expect(esm.isSyncFilter(mixed)).toBe(false);
    expect(await here.collect(here.fromBatches([[1, 2, 3, 4, 5]]), mixed)).toEqual(['1+10', '3+30', '4']);
    const syncPart = esm.pipe(
      cjs.filter((n: number) => n !== 2),
      cjs.flatMap((n: number) => [n, n * 10]),
      cjs.take(3),
    );
    expect(here.collect([1, 2, 3, 4], syncPart)).toEqual([1, 10, 3]);
    expect(here.collect([1, 2], cjs.take(0))).toEqual([]);
    // Another copy's batched source is still read a batch per step.
    const batches: number[][] = [];
    for await (const group of here.pullBatches(
      esm.fromBatches([[1, 2, 3]]),
      cjs.map((n: number) => n),
    ))
      batches.push([...group]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('keeps the error rules: a FilterError for a failing step, a TypeError naming the stage for a bad chunk', () => {
    const failing = esm.map((n: number) => {
      if (n === 2) throw new Error('no 2');
      return n;
    });
    expect(() =>
      cjs.collect(
        [1, 2],
        cjs.pipe(
          cjs.map((n: number) => n),
          failing,
        ),
      ),
    ).toThrow('map (stage 2 of 2) failed: Error: no 2');
    expect(() =>
      here.collect(
        [1 as unknown as string],
        here.pipe(
          here.map((s: string) => s),
          esm.lines(),
        ),
      ),
    ).toThrow(new TypeError('lines (stage 2 of 2) expects string chunks, got number'));
  });

  // tsup splits shared code into chunks for ESM only: the CommonJS `@siphon/core` and
  // `@siphon/core/adapter` are two bundles, each with its own copy of the internals.
  it('a stage from the CommonJS adapter entry runs on the CommonJS main entry', async () => {
    const doubled = cjsAdapter.defineAsyncStage('double', () => ({ step: async (n: number) => n * 2 }));
    expect(cjs.isFilter(doubled)).toBe(true);
    expect(
      await cjs.collect(
        cjs.fromBatches([[1, 2]]),
        cjs.pipe(
          doubled,
          cjs.map((n: number) => n + 1),
        ),
      ),
    ).toEqual([3, 5]);
  });

  it('a stage from another copy still says what it holds, for a source that tracks consumption', async () => {
    // lines() holds the partial line 'b' of the first chunk: the input counts only once 'bc' is consumed.
    const watermarks = async (splitter: Core['lines']): Promise<number[][]> => {
      const log: number[] = [];
      const items = ['a\nb', 'c\nd\n', 'e'];
      const source: AsyncIterable<string> = {
        [Symbol.asyncIterator]() {
          let i = 0;
          return {
            next: async () =>
              i < items.length ? { value: items[i++]!, done: false } : { value: undefined, done: true },
            [Symbol.for('siphon.consumption')]: (count: number) => log.push(count),
          } as AsyncIterator<string>;
        },
      };
      const steps: number[][] = [];
      for await (const _ of here.pull(source, splitter())) steps.push([...log]);
      return steps;
    };
    const local = await watermarks(here.lines);
    expect(local).toEqual([[], [], [], [2]]);
    expect(await watermarks(cjs.lines)).toEqual(local);
    expect(await watermarks(esm.lines)).toEqual(local);
  });

  it('a filter of another filter protocol is refused with a message that says so', () => {
    const future = { name: 'map', specs: [], [Symbol.for('siphon.filter')]: { version: 99 } };
    expect(esm.isFilter(future)).toBe(false);
    expect(() => cjs.collect([1], future as never)).toThrow(
      /^collect\(\): filter comes from another copy of @siphon\/core that speaks filter protocol 99, and this copy speaks filter protocol 1/,
    );
    expect(() =>
      here.pipe(
        here.map((n: number) => n),
        future as never,
      ),
    ).toThrow(/^pipe\(\): argument 2 comes from another copy of @siphon\/core/);
    const odd = { name: 'x', specs: [], [Symbol.for('siphon.filter')]: true };
    expect(() => here.pull([1], odd as never)).toThrow(/speaks an unknown filter protocol/);
  });
});
