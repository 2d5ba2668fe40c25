import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createClient } from 'redis';

/** Debian's redis-server, which `.ci/run` installs when it is missing. */
export const REDIS_SERVER = '/usr/bin/redis-server';
export const haveRedisServer = existsSync(REDIS_SERVER);
/** Under CI a missing server is a failure, not a skip. */
export const skipRedis = !haveRedisServer && process.env['CI'] !== 'true';

/** A redis-server of the test's own: a unix socket in a temp dir, no persistence, stopped by `stop()`. */
export interface TestServer {
  readonly socket: string;
  readonly process: ChildProcess;
  stop(): Promise<void>;
}

export async function startRedisServer(): Promise<TestServer> {
  if (!haveRedisServer) throw new Error(`${REDIS_SERVER} is missing: apt-get install redis-server (.ci/run does)`);
  const dir = mkdtempSync(join(tmpdir(), 'siphon-redis-'));
  const socket = join(dir, 'redis.sock');
  const child = spawn(
    REDIS_SERVER,
    [
      '--port',
      '0',
      '--unixsocket',
      socket,
      '--unixsocketperm',
      '700',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 500 && !existsSync(socket); i++) await sleep(10);
  if (!existsSync(socket)) {
    child.kill('SIGKILL');
    throw new Error('redis-server did not open its socket within 5 s');
  }
  let stopped = false;
  return {
    socket,
    process: child,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export type TestClient = Awaited<ReturnType<typeof connect>>;

export async function connect(server: TestServer) {
  const client = createClient({ socket: { path: server.socket, reconnectStrategy: false } });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** The redis-server version, for the README's claims. */
export function redisServerVersion(): string {
  return spawnSync(REDIS_SERVER, ['--version'], { encoding: 'utf8' }).stdout.trim();
}
