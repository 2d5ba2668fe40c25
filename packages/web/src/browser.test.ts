// Runs @siphon/web in a real browser: Debian's Chromium, driven headless through playwright-core (which
// never downloads a browser). The page loads the ESM builds of @siphon/core and @siphon/web, made fresh
// from src for this run, and pipes a chunked fetch() body through toTransformStream().
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, type Options } from 'tsup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// CI must not pass by skipping: there a missing browser is a failure (see README).
const required = process.env.CI === 'true';

const packages = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Text with every kind of line end and characters of 2, 3 and 4 bytes, so chunk cuts land inside them. */
const TEXT =
  Array.from(
    { length: 120 },
    (_, i) => `ligne ${i}: é € 😀 漢字${i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\n' : '\r\r\n'}`,
  ).join('') + 'a lone \r stays, last line has no end 🎉';

/** Serves TEXT in small pieces, each its own HTTP chunk, cut at odd offsets that split multi-byte characters. */
async function sendChunked(response: import('node:http').ServerResponse): Promise<void> {
  const bytes = new TextEncoder().encode(TEXT);
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  let at = 0;
  for (let size = 1; at < bytes.length; size = (size % 13) + 1) {
    response.write(bytes.subarray(at, at + size));
    at += size;
    // Let each piece leave as its own chunk instead of being coalesced in one write.
    await new Promise((resolve) => setImmediate(resolve));
  }
  response.end();
}

const PAGE = `<!doctype html>
<meta charset="utf-8">
<script type="importmap">{ "imports": { "@siphon/core": "/core.js", "@siphon/core/adapter": "/adapter.js", "@siphon/web": "/web.js" } }</script>
<script type="module">
  import * as core from '@siphon/core';
  import * as web from '@siphon/web';
  window.siphon = { core, web };
</script>`;

declare global {
  interface Window {
    siphon: { core: typeof import('@siphon/core'); web: typeof import('./index.js') };
  }
}

/** Builds the ESM of both packages from src into `outDir`, as tsup builds dist (without types). */
async function buildEsm(outDir: string): Promise<void> {
  const common: Options = {
    format: ['esm'],
    target: 'es2022',
    dts: false,
    sourcemap: false,
    silent: true,
    config: false,
  };
  // The adapter entry in the same build, so the two share one copy of core's internals, as in dist.
  await build({
    ...common,
    entry: { core: join(packages, 'core/src/index.ts'), adapter: join(packages, 'core/src/adapter.ts') },
    outDir,
  });
  await build({ ...common, entry: { web: join(packages, 'web/src/index.ts') }, outDir, external: ['@siphon/core'] });
}

describe.skipIf(!available && !required)('@siphon/web in Chromium', () => {
  let outDir: string;
  let server: Server;
  let origin: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    if (!available) throw new Error(`CI=true and ${CHROMIUM} is missing: install it with \`apt-get install chromium\``);
    outDir = await mkdtemp(join(tmpdir(), 'siphon-web-browser-'));
    await buildEsm(outDir);
    // core.js, adapter.js, web.js and the chunks core and adapter share.
    const files: Record<string, string> = {};
    for (const name of await readdir(outDir)) {
      if (name.endsWith('.js')) files[`/${name}`] = await readFile(join(outDir, name), 'utf8');
    }
    server = createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (path === '/body') return void sendChunked(response);
      const script = files[path];
      if (script !== undefined) {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        return void response.end(script);
      }
      if (path === '/') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void response.end(PAGE);
      }
      response.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    });
    page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${origin}/`);
    await page
      .waitForFunction(() => window.siphon !== undefined, undefined, { timeout: 10_000 })
      .catch(() => {
        throw new Error(`the page did not load the modules: ${errors.join('; ') || 'no page error'}`);
      });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  it('pipes a chunked fetch() body through decodeText → lines → normalizeNewlines → encodeText', async () => {
    const result = await page.evaluate(async () => {
      const { core, web } = window.siphon;
      const response = await fetch('/body');
      const crlf = response.body!.pipeThrough(
        web.toTransformStream(
          core.pipe(
            core.decodeText(),
            core.lines({ keepEnds: true }),
            core.normalizeNewlines('\r\n'),
            core.encodeText(),
          ),
        ),
      );
      const chunks: number[][] = [];
      for await (const chunk of crlf as unknown as AsyncIterable<Uint8Array>) chunks.push(Array.from(chunk));
      return { chunks, userAgent: navigator.userAgent };
    });
    expect(result.userAgent).toMatch(/Chrome\//);
    expect(result.chunks.length).toBeGreaterThan(1);
    const expected = Array.from(new TextEncoder().encode(TEXT.replace(/\r?\n/g, '\r\n')));
    expect(result.chunks.flat()).toEqual(expected);
  });

  it('tears a run down exactly once when the reader cancels, in a browser with or without transformer.cancel', async () => {
    const result = await page.evaluate(async () => {
      const { core, web } = window.siphon;
      let cleanups = 0;
      const probe = core.defineFilter<string, string>('probe', () => ({
        step: (line) => [line],
        cleanup: () => void cleanups++,
      }));
      const response = await fetch('/body');
      const reader = response
        .body!.pipeThrough(web.toTransformStream(core.pipe(core.decodeText(), core.lines(), probe)))
        .getReader();
      const first = await reader.read();
      await reader.cancel('enough');
      await new Promise((resolve) => setTimeout(resolve, 0));
      return { first: first.value, cleanups };
    });
    expect(result.first).toBe(TEXT.split(/\r?\n/)[0]);
    expect(result.cleanups).toBe(1);
  });

  it('pulls a fetch() body with pullReadableStream, and break releases the body', async () => {
    const result = await page.evaluate(async () => {
      const { core, web } = window.siphon;
      const response = await fetch('/body');
      const body = response.body!;
      const lines: string[] = [];
      for await (const line of web.pullReadableStream(body, core.pipe(core.decodeText(), core.lines()))) {
        lines.push(line);
        if (lines.length === 5) break;
      }
      return { lines, locked: body.locked };
    });
    expect(result.lines).toEqual(TEXT.split(/\r?\n/).slice(0, 5));
    expect(result.locked).toBe(false);
  });
});
