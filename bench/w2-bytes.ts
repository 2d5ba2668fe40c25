/**
 * W2 bytes: 64 MiB of text (mostly ASCII, with multi-byte characters, some split across chunk
 * boundaries, and a mix of \n and \r\n) in 64 KiB chunks → decodeText → lines → normalizeNewlines('\r\n')
 * → encodeText. The floor is a hand-written loop at line granularity: it also encodes line by line.
 */
import { createHash } from 'node:crypto';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { decodeText, encodeText, lines, normalizeNewlines, pipe, pull, pullBatches, type Filter } from '@siphon/core';
import { asyncItems, random, readableStreamOf } from './harness/data.js';
import { loadExport, Registry } from './harness/registry.js';
import { runIfMain } from './harness/run-scenario.js';
import { defineScenario } from './harness/scenario.js';
import { speedAtLeast } from './harness/targets.js';

/** Where the output bytes go: counted when timed, hashed when checked. */
export interface Sink {
  write(bytes: Uint8Array): void;
  result(): W2Result;
}

export interface W2Result {
  readonly bytes: number;
  /** SHA-256 of every output byte, in order; `'not hashed'` in timed runs. */
  readonly sha256: string;
}

export interface W2Input {
  readonly chunks: readonly Uint8Array[];
  readonly sink: () => Sink;
  /** How many chunk boundaries fall inside a multi-byte character. */
  readonly splitCharacters: number;
}

const CHUNK = 64 * 1024;

const siphonW2: Filter<Uint8Array, Uint8Array> = pipe(
  decodeText(),
  lines({ keepEnds: true }),
  normalizeNewlines('\r\n'),
  encodeText(),
);

export const names = {
  floor: 'hand loop (line granularity)',
  siphonSync: 'Siphon pull (sync)',
} as const;

const WORDS = [
  'the',
  'stream',
  'filter',
  'returns',
  'its',
  'outputs',
  'and',
  'never',
  'holds',
  'a',
  'callback',
  'consumer',
  'socket',
  'buffer',
  'line',
  'pipeline',
  'request',
  'status',
  'ok',
  'error',
  '200',
  '404',
  'GET',
  'POST',
  'café',
  'naïve',
  'über',
  '€42',
  'Ærø',
  '日本語',
  'данные',
  '😀',
  'ŝip',
  'ﬁn',
];

function countingSink(): Sink {
  let bytes = 0;
  return {
    write(chunk) {
      bytes += chunk.byteLength;
    },
    result: () => ({ bytes, sha256: 'not hashed' }),
  };
}

function hashingSink(): Sink {
  const hash = createHash('sha256');
  let bytes = 0;
  return {
    write(chunk) {
      bytes += chunk.byteLength;
      hash.update(chunk);
    },
    result: () => ({ bytes, sha256: hash.digest('hex') }),
  };
}

function isAsciiContent(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x20 && byte < 0x7f;
}

function prepare(size: number): W2Input {
  const next = random(2);
  const parts: string[] = [];
  let length = 0;
  while (length < size) {
    const words = 1 + Math.floor(next() * 14);
    let line = '';
    for (let w = 0; w < words; w++) {
      // About one word in 12 is multi-byte.
      const index = next() < 0.08 ? 24 + Math.floor(next() * 10) : Math.floor(next() * 24);
      line += (w === 0 ? '' : ' ') + WORDS[index]!;
    }
    line += next() < 0.3 ? '\r\n' : '\n';
    parts.push(line);
    length += line.length;
  }
  const bytes = new TextEncoder().encode(parts.join('')).subarray(0, size);
  // End on a whole line so that every variant ends the same way.
  const end = bytes.lastIndexOf(0x0a) + 1;
  const text = bytes.subarray(0, end);
  // Put a 3-byte '€' across every chunk boundary that sits in plain ASCII text.
  let splitCharacters = 0;
  for (let b = CHUNK; b + 1 < text.length; b += CHUNK) {
    if (isAsciiContent(text[b - 1]) && isAsciiContent(text[b]) && isAsciiContent(text[b + 1])) {
      text.set([0xe2, 0x82, 0xac], b - 1);
    }
    if ((text[b]! & 0xc0) === 0x80) splitCharacters++;
  }
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < end; offset += CHUNK) chunks.push(text.subarray(offset, Math.min(offset + CHUNK, end)));
  return { chunks, sink: countingSink, splitCharacters };
}

async function variants(): Promise<Registry<W2Input, W2Result>> {
  const r = new Registry<W2Input, W2Result>();
  r.add(names.floor, ({ chunks, sink: makeSink }) => {
    const sink = makeSink();
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
    let partial = '';
    for (let c = 0; c < chunks.length; c++) {
      const text = partial + decoder.decode(chunks[c], { stream: true });
      let from = 0;
      for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
        const end = newline > from && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
        sink.write(encoder.encode(`${text.slice(from, end)}\r\n`));
        from = newline + 1;
      }
      partial = text.slice(from);
    }
    const rest = partial + decoder.decode();
    if (rest !== '') sink.write(encoder.encode(rest));
    return sink.result();
  });
  r.add('Node 3 × Transform in pipeline()', async ({ chunks, sink: makeSink }) => {
    const sink = makeSink();
    const decoder = new TextDecoder();
    let partial = '';
    const splitLines = new Transform({
      readableObjectMode: true,
      transform(chunk: Buffer, _encoding, callback) {
        const text = partial + decoder.decode(chunk, { stream: true });
        let from = 0;
        for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
          this.push(text.slice(from, newline + 1));
          from = newline + 1;
        }
        partial = text.slice(from);
        callback();
      },
      flush(callback) {
        const rest = partial + decoder.decode();
        callback(null, rest === '' ? undefined : rest);
      },
    });
    const normalize = new Transform({
      objectMode: true,
      transform(line: string, _encoding, callback) {
        callback(null, line.endsWith('\r\n') ? line : line.endsWith('\n') ? `${line.slice(0, -1)}\r\n` : line);
      },
    });
    const encoder = new TextEncoder();
    const encode = new Transform({
      objectMode: true,
      transform(line: string, _encoding, callback) {
        callback(null, encoder.encode(line));
      },
    });
    await pipeline(Readable.from(chunks), splitLines, normalize, encode, writableTo(sink));
    return sink.result();
  });
  r.add('async generator chain', async ({ chunks, sink: makeSink }) => {
    const sink = makeSink();
    async function* decode(source: AsyncIterable<Uint8Array>) {
      const decoder = new TextDecoder();
      for await (const chunk of source) yield decoder.decode(chunk, { stream: true });
      const rest = decoder.decode();
      if (rest !== '') yield rest;
    }
    async function* splitLines(source: AsyncIterable<string>) {
      let partial = '';
      for await (const chunk of source) {
        const text = partial + chunk;
        let from = 0;
        for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', from)) {
          yield text.slice(from, newline + 1);
          from = newline + 1;
        }
        partial = text.slice(from);
      }
      if (partial !== '') yield partial;
    }
    async function* normalize(source: AsyncIterable<string>) {
      for await (const line of source) {
        yield line.endsWith('\r\n') ? line : line.endsWith('\n') ? `${line.slice(0, -1)}\r\n` : line;
      }
    }
    async function* encode(source: AsyncIterable<string>) {
      const encoder = new TextEncoder();
      for await (const line of source) yield encoder.encode(line);
    }
    for await (const bytes of encode(normalize(splitLines(decode(asyncItems(chunks)))))) sink.write(bytes);
    return sink.result();
  });
  r.add(names.siphonSync, ({ chunks, sink: makeSink }) => {
    const sink = makeSink();
    for (const bytes of pull(chunks, siphonW2)) sink.write(bytes);
    return sink.result();
  });
  r.add('Siphon pull (async)', async ({ chunks, sink: makeSink }) => {
    const sink = makeSink();
    for await (const bytes of pull(asyncItems(chunks), siphonW2)) sink.write(bytes);
    return sink.result();
  });
  r.add('Siphon pullBatches (async)', async ({ chunks, sink: makeSink }) => {
    const sink = makeSink();
    for await (const batch of pullBatches(asyncItems(chunks), siphonW2)) {
      for (let i = 0; i < batch.length; i++) sink.write(batch[i]!);
    }
    return sink.result();
  });

  type ToNodeTransform = (filter: Filter<Buffer, Uint8Array>, options: { mode: 'bytes' }) => Transform;
  const toNodeTransform = await loadExport<ToNodeTransform>('@siphon/node', 'toNodeTransform');
  r.optional(
    'Siphon toNodeTransform in pipeline()',
    typeof toNodeTransform === 'string'
      ? toNodeTransform
      : async ({ chunks, sink: makeSink }) => {
          const sink = makeSink();
          await pipeline(Readable.from(chunks), toNodeTransform(siphonW2, { mode: 'bytes' }), writableTo(sink));
          return sink.result();
        },
  );
  type ToTransformStream = (filter: Filter<Uint8Array, Uint8Array>) => TransformStream<Uint8Array, Uint8Array>;
  const toTransformStream = await loadExport<ToTransformStream>('@siphon/web', 'toTransformStream');
  r.optional(
    'Siphon toTransformStream',
    typeof toTransformStream === 'string'
      ? toTransformStream
      : async ({ chunks, sink: makeSink }) => {
          const sink = makeSink();
          const reader = readableStreamOf(chunks).pipeThrough(toTransformStream(siphonW2)).getReader();
          for (let read = await reader.read(); read.done !== true; read = await reader.read()) sink.write(read.value);
          return sink.result();
        },
  );
  return r;
}

function writableTo(sink: Sink): Writable {
  return new Writable({
    objectMode: true,
    write(bytes: Uint8Array, _encoding, callback) {
      sink.write(bytes);
      callback();
    },
  });
}

export const scenario = defineScenario<W2Input, W2Result>({
  id: 'W2',
  title: "bytes: 64 KiB chunks → decodeText → lines → normalizeNewlines('\\r\\n') → encodeText",
  url: import.meta.url,
  sizes: { full: 64 * 1024 * 1024, quick: 4 * 1024 * 1024, test: 512 * 1024 },
  sizeUnit: 'bytes',
  prepare,
  chunksOf: (input) => input.chunks.length,
  bytesOf: (input) => input.chunks.reduce((total, chunk) => total + chunk.byteLength, 0),
  checkInput: (input) => ({ ...input, sink: hashingSink }),
  // The whole text at once, with a regular expression: nothing here is shared with any variant.
  reference: ({ chunks }) => {
    const whole = Buffer.concat(chunks);
    const out = new TextEncoder().encode(new TextDecoder().decode(whole).replace(/\r?\n/g, '\r\n'));
    return { bytes: out.byteLength, sha256: createHash('sha256').update(out).digest('hex') };
  },
  variants,
  floor: names.floor,
  targets: [speedAtLeast('W2 Siphon sync / hand loop at line granularity', names.siphonSync, names.floor, 0.85)],
});

await runIfMain(scenario);
