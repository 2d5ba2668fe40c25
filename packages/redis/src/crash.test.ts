// A consumer killed with SIGKILL after its first output loses nothing: its entries stay pending, and the
// survivors claim them after claimIdleMs. The same crash of a consumer that acknowledges on receipt
// loses the entries it had received (the positive control).
import { map, pull } from '@siphon/core';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisStreamEntry } from './entry.js';
import { fromRedisStream } from './from-redis-stream.js';
import { connect, skipRedis, startRedisServer, type TestClient, type TestServer } from './test-redis-server.js';
import { createGroup, pending, pendingIds, seed } from './test-streams.js';

const CHILD = fileURLToPath(new URL('./test-crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const ENTRIES = 50;

describe.skipIf(skipRedis)('a consumer killed mid-batch', () => {
  let server: TestServer;
  let client: TestClient;
  beforeAll(async () => {
    server = await startRedisServer();
    client = await connect(server);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  /** Starts the child, kills it after its first output; returns what it processed. */
  async function crash(mode: 'siphon' | 'naive', stream: string): Promise<string[]> {
    const child = spawn(
      process.execPath,
      ['--conditions=@siphon/source', '--import', 'tsx', CHILD, mode, server.socket, stream, 'workers', 'doomed'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const processed: string[] = [];
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    let buffered = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const found = buffered.split('\n');
      buffered = found.pop()!;
      for (const line of found) processed.push(line.replace('processed ', ''));
      if (processed.length > 0) child.kill('SIGKILL');
    });
    await exited;
    return processed;
  }

  /** Two consumers in the same process drain the group, claiming what is idle; every ID they processed. */
  async function survivors(stream: string, expected: readonly string[]): Promise<string[]> {
    const processed: string[] = [];
    const controller = new AbortController();
    // Stop once every expected entry was processed (bounded: 20 s at most).
    const started = Date.now();
    const check = setInterval(() => {
      const all = new Set(processed);
      if (expected.every((id) => all.has(id)) || Date.now() - started > 20_000) controller.abort();
    }, 10);
    await Promise.all(
      ['survivor-1', 'survivor-2'].map(async (consumer) => {
        const entries = fromRedisStream(client, {
          stream,
          group: 'workers',
          consumer,
          count: 5,
          blockMs: 20,
          claimIdleMs: 100,
          signal: controller.signal,
        });
        for await (const id of pull(
          entries,
          map((entry: RedisStreamEntry) => entry.id),
        )) {
          processed.push(id);
        }
      }),
    );
    clearInterval(check);
    // The last outputs' entries are acknowledged as the loops end: nothing is left pending.
    return processed;
  }

  it('loses nothing: every entry is processed by the survivors, duplicates only from the killed window', async () => {
    const stream = 'crash-siphon';
    await createGroup(client, stream, 'workers');
    const ids = await seed(
      client,
      stream,
      Array.from({ length: ENTRIES }, (_, i) => ({ n: String(i) })),
    );
    const byChild = await crash('siphon', stream);
    expect(byChild).toHaveLength(1);
    const killedWindow = new Set(await pendingIds(client, stream, 'workers', 'doomed'));
    expect(killedWindow.size).toBe(10); // its whole read stayed pending, the processed entry included
    expect(killedWindow.has(byChild[0]!)).toBe(true);
    const bySurvivors = await survivors(stream, ids);
    expect(new Set(bySurvivors)).toEqual(new Set(ids));
    expect(await pending(client, stream, 'workers')).toBe(0);
    const seen = new Map<string, number>();
    for (const id of [...byChild, ...bySurvivors]) seen.set(id, (seen.get(id) ?? 0) + 1);
    const duplicates = [...seen].filter(([, count]) => count > 1).map(([id]) => id);
    for (const id of duplicates) expect(killedWindow.has(id)).toBe(true);
    expect(duplicates).toEqual(byChild);
  });

  it('positive control: a consumer that acknowledges on receipt loses the entries it held', async () => {
    const stream = 'crash-naive';
    await createGroup(client, stream, 'workers');
    const ids = await seed(
      client,
      stream,
      Array.from({ length: ENTRIES }, (_, i) => ({ n: String(i) })),
    );
    const byChild = await crash('naive', stream);
    expect(byChild).toHaveLength(1);
    expect(await pendingIds(client, stream, 'workers', 'doomed')).toEqual([]); // nothing left to claim
    const bySurvivors = await survivors(stream, ids.slice(10));
    const lost = ids.filter((id) => !byChild.includes(id) && !bySurvivors.includes(id));
    expect(lost).toHaveLength(9);
  });
});
