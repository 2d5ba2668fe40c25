import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MemoryStats } from './memory.js';

const childPath = fileURLToPath(new URL('./child.ts', import.meta.url));
const benchDir = fileURLToPath(new URL('..', import.meta.url));

/** Measures one variant's memory figures in a child process under `--expose-gc`. */
export function measureInChild(scenarioUrl: string, variant: string, size: number): Promise<MemoryStats> {
  // The same build of the packages as this process: sources or dist (see run.ts).
  const conditions = process.execArgv.filter((arg) => arg.startsWith('--conditions'));
  const args = ['--expose-gc', ...conditions, '--import', 'tsx', childPath, scenarioUrl, variant, String(size)];
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
