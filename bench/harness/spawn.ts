import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MemoryStats } from './memory.js';
import type { ScenarioResult } from './run-scenario.js';

const childPath = fileURLToPath(new URL('./child.ts', import.meta.url));
const benchDir = fileURLToPath(new URL('..', import.meta.url));

/** The flags that make a child load the same build of the packages as this process: sources or dist (see run.ts). */
function sameBuild(): string[] {
  return process.execArgv.filter((arg) => arg.startsWith('--conditions'));
}

/** Measures one variant's memory figures in a child process under `--expose-gc`. */
export function measureInChild(scenarioUrl: string, variant: string, size: number): Promise<MemoryStats> {
  const args = ['--expose-gc', ...sameBuild(), '--import', 'tsx', childPath, scenarioUrl, variant, String(size)];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: benchDir, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(new Error(`memory child for ${variant} failed: ${error.message}\n${stderr}`));
        return;
      }
      const line = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve(JSON.parse(line) as MemoryStats);
      } catch {
        reject(new Error(`memory child for ${variant} printed no result: ${stdout}\n${stderr}`));
      }
    });
  });
}

/** Rounds of a head-to-head run: more than the main run's, as it times only a few variants. */
export const HEAD_TO_HEAD_ROUNDS = 5;

/**
 * Times `variants` (and the scenario's floor) again in a process of their own, interleaved over
 * {@link HEAD_TO_HEAD_ROUNDS} rounds: each round's times by name, in nanoseconds.
 */
export function timeHeadToHead(
  scenarioUrl: string,
  variants: readonly string[],
  quick: boolean,
): Promise<Map<string, readonly number[]>> {
  const work = mkdtempSync(join(tmpdir(), 'siphon-h2h-'));
  const json = join(work, 'result.json');
  const args = [
    ...sameBuild(),
    '--import',
    'tsx',
    fileURLToPath(scenarioUrl),
    '--only',
    JSON.stringify(variants),
    '--rounds',
    String(HEAD_TO_HEAD_ROUNDS),
    '--json',
    json,
    ...(quick ? ['--quick'] : []),
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: benchDir, maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      try {
        if (error !== null)
          throw new Error(`head-to-head run of ${variants.join(', ')} failed: ${error.message}\n${stderr}`);
        const result = JSON.parse(readFileSync(json, 'utf8')) as ScenarioResult;
        resolve(new Map(result.variants.map((v) => [v.name, v.roundsNs])));
      } catch (failure) {
        reject(failure);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    });
  });
}
