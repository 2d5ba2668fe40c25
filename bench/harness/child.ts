/**
 * Child-process entry: measures one variant's GC pauses and heap figures in a fresh process, so that
 * neither the other variants nor the timing runs disturb them. Run by `measureInChild()` as
 *   node --expose-gc [--conditions=@siphon/source] --import tsx child.ts <scenario url> <variant> <size>
 * and answers with one line of JSON on stdout.
 */
import { measureMemory } from './memory.js';
import type { Scenario } from './scenario.js';

const [url, name, sizeText] = process.argv.slice(2);
if (url === undefined || name === undefined || sizeText === undefined) {
  throw new TypeError('child.ts: expected <scenario url> <variant name> <size>');
}
const { scenario } = (await import(url)) as { scenario: Scenario<unknown, unknown> };
const size = Number(sizeText);
const variant = (await scenario.variants()).get(name);

// A first run warms up the JIT so the measured run allocates what a steady state allocates.
const warmInput = scenario.prepare(size);
await variant.run(warmInput);
const input = scenario.freshInputPerRun === true ? scenario.prepare(size) : warmInput;
const stats = await measureMemory(
  () => variant.run(input),
  scenario.chunksFor?.(name, input) ?? scenario.chunksOf(input),
);
process.stdout.write(`${JSON.stringify(stats)}\n`);
