import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { checkVariant } from './check.js';
import { formatBytes, formatRate, formatTime, markdownTable } from './format.js';
import { collectGarbage, type MemoryStats } from './memory.js';
import { passOptions, type PassOptions } from './options.js';
import type { Scenario } from './scenario.js';
import { measureInChild, timeHeadToHead } from './spawn.js';
import type { Target, Verdict } from './targets.js';
import { median, timeOnce } from './timing.js';

/** One variant's row of a scenario's results. */
export interface VariantResult {
  readonly name: string;
  /** Median over rounds of mitata's median time per run, in nanoseconds. */
  readonly timeNs: number;
  /** Each round's mitata median, in nanoseconds. */
  readonly roundsNs: readonly number[];
  /** Floor time over this variant's time: 1 for the floor, 0.5 for a variant half as fast. */
  readonly speedVsFloor: number;
  readonly memory: MemoryStats | undefined;
}

/** Everything one scenario run produced; `run.ts` renders RESULTS.md from these. */
export interface ScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly mode: 'full' | 'quick';
  readonly size: number;
  readonly sizeUnit: string;
  readonly chunks: number;
  readonly bytes: number | undefined;
  readonly floor: string;
  readonly rounds: number;
  readonly variants: readonly VariantResult[];
  readonly skipped: readonly { readonly name: string; readonly reason: string }[];
  /** `headToHead`: judged on a run of the target's own variants (else on the main run's times). */
  readonly targets: readonly ({
    readonly measure: string;
    readonly goal: string;
    readonly timed: readonly string[];
    readonly headToHead: boolean;
  } & Verdict)[];
  readonly table: string;
  readonly node: string;
  readonly cpu: string;
  readonly date: string;
}

/** Runs `scenario` when its file is the process's entry point (not when a test imports it). */
export async function runIfMain<I, R>(scenario: Scenario<I, R>): Promise<void> {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(entry).href !== scenario.url) return;
  await runScenario(scenario, passOptions());
}

const log = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Checks every variant against the reference, times them in interleaved rounds with mitata, measures
 * each one's memory in a child process, prints the table and the targets, and writes JSON if asked.
 */
export async function runScenario<I, R>(scenario: Scenario<I, R>, options: PassOptions): Promise<ScenarioResult> {
  const size = scenario.sizes[options.mode];
  log(`\n## ${scenario.id} ${scenario.title} (${options.mode}: ${size.toLocaleString('en')} ${scenario.sizeUnit})`);
  const registry = await scenario.variants();
  for (const skipped of registry.skipped) log(`note: skipping "${skipped.name}": ${skipped.reason}`);
  const variants = registry.variants.filter(
    (v) =>
      v.name === scenario.floor ||
      (options.only === undefined
        ? options.filter === undefined || options.filter.test(v.name)
        : options.only.has(v.name)),
  );

  const input = scenario.prepare(size);
  const inputFor = (): I => (scenario.freshInputPerRun === true ? scenario.prepare(size) : input);
  const chunks = scenario.chunksOf(input);
  const bytes = scenario.bytesOf?.(input);
  const expected = scenario.reference(input);
  for (const variant of variants) await checkVariant(scenario, variant, inputFor(), expected);
  log(`checked: all ${variants.length} variants return the reference result`);

  const rounds = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const variant of variants) {
      if (scenario.beforeEachMeasure !== undefined) {
        scenario.beforeEachMeasure();
        await collectGarbage();
      }
      const ns =
        scenario.freshInputPerRun === true
          ? await timeOnce(
              (fresh: I) => variant.run(fresh),
              options,
              () => scenario.prepare(size),
            )
          : await timeOnce(() => variant.run(input), options);
      rounds.get(variant.name)!.push(ns);
      log(`  round ${round}/${options.rounds}  ${variant.name.padEnd(44)} ${formatTime(ns)}`);
    }
  }

  const memory = new Map<string, MemoryStats>();
  if (!options.skipMemory) {
    for (const variant of variants) {
      memory.set(variant.name, await measureInChild(scenario.url, variant.name, size));
    }
  }

  const time = new Map([...rounds].map(([name, values]) => [name, median(values)]));
  if (!time.has(scenario.floor))
    throw new RangeError(`${scenario.id}: the floor variant "${scenario.floor}" did not run`);
  // A row whose own floor did not run (a head-to-head run of attach rows only) has no ratio: NaN.
  const floorTimeOf = (name: string): number => time.get(scenario.floorOf?.(name) ?? scenario.floor) ?? Number.NaN;
  const results: VariantResult[] = variants.map((v) => ({
    name: v.name,
    timeNs: time.get(v.name)!,
    roundsNs: rounds.get(v.name)!,
    speedVsFloor: floorTimeOf(v.name) / time.get(v.name)!,
    memory: memory.get(v.name),
  }));

  const chunksOfRow = (name: string): number => scenario.chunksFor?.(name, input) ?? chunks;
  const table = renderTable(scenario, results, size, chunksOfRow, bytes);
  log(`\n${table}\n`);
  const targets: ScenarioResult['targets'][number][] = [];
  for (const target of scenario.targets) {
    const ran = target.timed.length > 0 && target.timed.every((name) => time.has(name));
    const headToHead = ran && !options.skipHeadToHead;
    let verdict = target.evaluate({ time, memory });
    if (headToHead) {
      log(`head to head: ${target.timed.join(' vs ')}`);
      const rounds = await timeHeadToHead(scenario.url, target.timed, options.mode === 'quick');
      verdict = medianRound(target, rounds, memory);
    }
    targets.push({ measure: target.measure, goal: target.goal, timed: target.timed, headToHead, ...verdict });
  }
  if (targets.length > 0) log(`${renderTargets(targets)}\n`);

  const result: ScenarioResult = {
    id: scenario.id,
    title: scenario.title,
    mode: options.mode,
    size,
    sizeUnit: scenario.sizeUnit,
    chunks,
    bytes,
    floor: scenario.floor,
    rounds: options.rounds,
    variants: results,
    skipped: registry.skipped,
    targets,
    table,
    node: process.version,
    cpu: `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`,
    date: new Date().toISOString(),
  };
  if (options.jsonPath !== undefined) writeFileSync(options.jsonPath, JSON.stringify(result, null, 2));
  return result;
}

/**
 * Judges a target round by round (the variants of one round ran back to back, so their ratio is not
 * disturbed by drift between rounds) and takes the median round's verdict, with the range of all rounds.
 */
function medianRound(
  target: Target,
  rounds: ReadonlyMap<string, readonly number[]>,
  memory: ReadonlyMap<string, MemoryStats>,
): Verdict {
  const count = Math.min(...target.timed.map((name) => rounds.get(name)?.length ?? 0));
  const verdicts: Verdict[] = [];
  for (let r = 0; r < count; r++) {
    const time = new Map(target.timed.map((name) => [name, rounds.get(name)![r]!]));
    const verdict = target.evaluate({ time, memory });
    if (verdict.value !== undefined) verdicts.push(verdict);
  }
  if (verdicts.length === 0) return target.evaluate({ time: new Map(), memory });
  verdicts.sort((a, b) => a.value! - b.value!);
  const middle = verdicts[verdicts.length >> 1]!;
  const low = verdicts[0]!.value!.toFixed(2);
  const high = verdicts[verdicts.length - 1]!.value!.toFixed(2);
  return { ...middle, shown: `${middle.shown} (rounds ${low}–${high})` };
}

function renderTable<I, R>(
  scenario: Scenario<I, R>,
  results: readonly VariantResult[],
  size: number,
  chunksOfRow: (name: string) => number,
  bytes: number | undefined,
): string {
  const retained = scenario.reportRetained === true;
  const header = [
    'variant',
    'time/run',
    'throughput',
    scenario.floorOf === undefined ? `× ${scenario.floor}` : '× its floor (same work)',
    'GC pauses',
    'heap alloc/chunk',
    ...(retained ? ['retained after GC'] : []),
  ];
  const rows = results.map((r) => {
    const seconds = r.timeNs / 1e9;
    const throughput =
      bytes === undefined
        ? formatRate(chunksOfRow(r.name) / seconds, '')
        : `${(bytes / 1024 ** 2 / seconds).toFixed(1)} MiB/s`;
    const m = r.memory;
    return [
      r.name,
      formatTime(r.timeNs),
      throughput,
      Number.isNaN(r.speedVsFloor) ? '–' : r.speedVsFloor.toFixed(r.speedVsFloor < 0.1 ? 3 : 2),
      m === undefined ? '–' : `${m.gcCount} (${m.majorGcCount} major), ${m.gcPauseMs.toFixed(1)} ms`,
      m === undefined ? '–' : formatBytes(m.allocatedPerChunk),
      // Per unit of size too: per dropped consumer (W3), per live consumer (W4).
      ...(retained
        ? [m === undefined ? '–' : `${formatBytes(m.retainedBytes)} (${formatBytes(m.retainedBytes / size)} each)`]
        : []),
    ];
  });
  return markdownTable(header, rows, [false, true, true, true, true, true, true]);
}

/** The targets as a Markdown table. */
export function renderTargets(targets: ScenarioResult['targets']): string {
  return markdownTable(
    ['Measure', 'Target', 'Measured', 'Timed', 'Result'],
    targets.map((t) => [t.measure, t.goal, t.shown, timedIn(t), resultOf(t.met)]),
  );
}

function timedIn(target: ScenarioResult['targets'][number]): string {
  if (target.value === undefined) return '–';
  if (target.timed.length === 0) return 'memory child';
  return target.headToHead ? 'head to head' : 'main run';
}

function resultOf(met: boolean | undefined): string {
  if (met === undefined) return 'not measured';
  return met ? 'met' : 'missed';
}
