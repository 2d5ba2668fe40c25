import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The CommonJS build has no `import.meta`: there, this module's own file names the place.
const here = typeof __filename === 'string' ? pathToFileURL(__filename).href : import.meta.url;

/**
 * True when this package runs from its TypeScript sources (tests, `--conditions=@siphon/source`): the
 * worker entry is then a `.ts` file, and so may be the user's module and `@siphon/core` itself.
 */
const fromSource = here.endsWith('.ts');

/** The worker entry: `src/worker-entry.ts` beside the sources, `dist/{esm,cjs}/worker-entry.js` in the build. */
export const workerFile = fileURLToPath(new URL(`../worker-entry${fromSource ? '.ts' : '.js'}`, here));

/**
 * Node options for the worker threads, as the pool's `execArgv` option: the user's, else none, so (built
 * code) the threads take the parent's, Node's default. Sources need the `@siphon/source` condition and
 * tsx in every worker: a test runner's own loader does not reach threads it did not start, and its flags
 * (`--expose-gc`) may not be legal for a worker.
 */
export function workerExecArgv(given: readonly string[] | undefined): { execArgv?: string[] } {
  if (!fromSource) return given === undefined ? {} : { execArgv: [...given] };
  const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
  return { execArgv: ['--conditions=@siphon/source', '--import', tsx, ...(given ?? [])] };
}
