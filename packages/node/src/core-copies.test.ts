// A filter made by another copy of the core (here the CommonJS build, while this adapter runs the ESM
// sources) works in the adapter: filters are recognised by a shared brand, not by `instanceof`. The build
// is made here from the current core sources, so the test never runs against a stale dist.
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sink } from './test-streams.js';
import { pullReadable } from './pull-readable.js';
import { toNodeTransform } from './to-node-transform.js';

type Core = typeof import('@siphon/core');

const coreSrc = fileURLToPath(new URL('../../core/src/index.ts', import.meta.url));
let outDir: string;
let cjs: Core;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'siphon-core-cjs-'));
  await build({
    entry: { index: coreSrc },
    format: ['cjs'],
    outDir,
    target: 'es2022',
    dts: false,
    silent: true,
    config: false,
  });
  cjs = createRequire(import.meta.url)(join(outDir, 'index.cjs')) as Core;
}, 60_000);

afterAll(() => {
  if (outDir !== undefined) rmSync(outDir, { recursive: true, force: true });
});

describe('a filter from the CommonJS build of the core', () => {
  it('runs in toNodeTransform and pullReadable', async () => {
    const shout = cjs.pipe(
      cjs.lines(),
      cjs.map((line: string) => line.toUpperCase()),
      cjs.take(2),
    );
    const out = sink<string>();
    await pipeline(Readable.from(['a\nb', '\nc\n']), toNodeTransform(shout), out);
    expect(out.chunks).toEqual(['A', 'B']);
    const pulled: string[] = [];
    for await (const line of pullReadable(Readable.from(['x\ny\nz']), shout)) pulled.push(line);
    expect(pulled).toEqual(['X', 'Y']);
  });
});
