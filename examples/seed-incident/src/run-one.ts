import { retainerPath } from '@siphon/leakcheck';
import { CHUNKS_PER_CONSUMER, chunksFor, release, runDesign, type Design, type DesignFigures } from './run-design.js';

// One design's run, in a process of its own (main.ts starts one per design): a run's heap growth, and the
// heap snapshot behind a retainer path (after which V8 tracks every object move and each GC is slower),
// must not land on the other design's figures. Prints one JSON line: DesignFigures and `path`.

const design = process.argv[2] as Design;
const consumers = Number(process.argv[3]);
const result = await runDesign(design, consumers, chunksFor(CHUNKS_PER_CONSUMER));
const survivor = result.survivor?.deref();
// Before the hub is let go: how one consumer is still reachable.
const path = survivor === undefined ? undefined : retainerPath(survivor);
release(result);
const { hub: _hub, survivor: _survivor, ...figures } = result;
const line: DesignFigures & { readonly path: string | undefined } = { ...figures, path };
process.stdout.write(`${JSON.stringify(line)}\n`);
