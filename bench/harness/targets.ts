import type { MemoryStats } from './memory.js';

/** What a scenario measured, by variant name: median time per run (ns) and the child's memory figures. */
export interface Measured {
  readonly time: ReadonlyMap<string, number>;
  readonly memory: ReadonlyMap<string, MemoryStats>;
}

/** A target's verdict: the measured ratio (when both sides were measured) and whether it met the goal. */
export interface Verdict {
  readonly value: number | undefined;
  /** `undefined` when a side was not measured (an adapter that has not landed). */
  readonly met: boolean | undefined;
  readonly shown: string;
}

/** One row of the targets table. */
export interface Target {
  readonly measure: string;
  readonly goal: string;
  /**
   * The variants whose times the verdict compares (none for a memory figure). They are timed again
   * head to head, in a process of their own, so that neither noise between distant rounds nor the JIT
   * feedback of twenty unrelated libraries decides a ratio (see run-scenario.ts).
   */
  readonly timed: readonly string[];
  evaluate(measured: Measured): Verdict;
}

function verdict(value: number | undefined, met: (value: number) => boolean, show: (value: number) => string): Verdict {
  if (value === undefined || !Number.isFinite(value))
    return { value: undefined, met: undefined, shown: 'not measured' };
  return { value, met: met(value), shown: show(value) };
}

const fixed = (digits: number) => (value: number) => value.toFixed(digits);

/** How many times faster `variant` runs than `baseline`: their time ratio, baseline over variant. */
function speedup(measured: Measured, variant: string, baseline: string): number | undefined {
  const a = measured.time.get(variant);
  const b = measured.time.get(baseline);
  return a === undefined || b === undefined ? undefined : b / a;
}

/** `variant`'s speed as a fraction of `baseline`'s must be at least `min` (shown as a ratio, `0.61`). */
export function speedAtLeast(measure: string, variant: string, baseline: string, min: number): Target {
  return {
    measure,
    goal: `≥ ${min}`,
    timed: [variant, baseline],
    evaluate: (m) => verdict(speedup(m, variant, baseline), (v) => v >= min, fixed(2)),
  };
}

/** `variant` must be at least `min` times faster than `baseline` (shown as `2.8×`). */
export function fasterBy(measure: string, variant: string, baseline: string, min: number): Target {
  return {
    measure,
    goal: `≥ ${min}× faster`,
    timed: [variant, baseline],
    evaluate: (m) =>
      verdict(
        speedup(m, variant, baseline),
        (v) => v >= min,
        (v) => `${v.toFixed(2)}×`,
      ),
  };
}

/** `variant` must take at most `max` times as long as `baseline`. */
export function slowerAtMost(measure: string, variant: string, baseline: string, max: number): Target {
  return {
    measure,
    goal: `within ${max}× (time ratio ≤ ${max})`,
    timed: [variant, baseline],
    evaluate: (m) => {
      const s = speedup(m, variant, baseline);
      return verdict(
        s === undefined ? undefined : 1 / s,
        (v) => v <= max,
        (v) => `${v.toFixed(2)}×`,
      );
    },
  };
}

/** A ratio of one memory figure between two variants must be at most `max`. */
export function memoryAtMost(
  measure: string,
  figure: 'allocatedPerChunk' | 'retainedBytes',
  variant: string,
  baseline: string,
  max: number,
): Target {
  return {
    measure,
    goal: `≤ ${max}${figure === 'allocatedPerChunk' ? '×' : ''}`,
    timed: [],
    evaluate: (m) => {
      const a = m.memory.get(variant)?.[figure];
      const b = m.memory.get(baseline)?.[figure];
      const value = a === undefined || b === undefined ? undefined : Math.max(a, 0) / b;
      return verdict(
        value,
        (v) => v <= max,
        (v) => (figure === 'retainedBytes' ? v.toFixed(4) : `${v.toFixed(2)}×`),
      );
    },
  };
}

/**
 * The heap still reachable after the run and a full GC (`retainedBytes`) of `variant`, as a multiple of
 * `baseline`'s, must be at most `max`: how W4 compares the live heap of consumers that stay attached.
 */
export function liveHeapAtMost(measure: string, variant: string, baseline: string, max: number): Target {
  return {
    measure,
    goal: `≤ ${max}×`,
    timed: [],
    evaluate: (m) => {
      const a = m.memory.get(variant)?.retainedBytes;
      const b = m.memory.get(baseline)?.retainedBytes;
      const value = a === undefined || b === undefined || b <= 0 ? undefined : Math.max(a, 0) / b;
      return verdict(
        value,
        (v) => v <= max,
        (v) => `${v.toFixed(2)}×`,
      );
    },
  };
}

/** Several targets that must all be met, shown as one row (the issue's `toNodeTransform` row has two). */
export function allOf(measure: string, goal: string, parts: readonly Target[]): Target {
  return {
    measure,
    goal,
    timed: [...new Set(parts.flatMap((part) => part.timed))],
    evaluate: (m) => {
      const verdicts = parts.map((part) => part.evaluate(m));
      const met = verdicts.some((v) => v.met === undefined) ? undefined : verdicts.every((v) => v.met === true);
      return { value: verdicts[0]?.value, met, shown: verdicts.map((v) => v.shown).join(', ') };
    },
  };
}

/**
 * `target`, timed head to head together with `bound`: a row that does the target's work with nothing a
 * kind of design could leave out, so that a missed ratio can be read against what is possible at all.
 * The verdict is `target`'s own; the bound's speed relative to `baseline` follows it, after `label`.
 *
 * @example
 * ```ts
 * besideBound(speedAtLeast('sync / loop', 'sync', 'loop', 0.55), 'bound: run-time steps', 'loop', 'steps');
 * // shown as "0.24; steps 0.42"; with show 'time', the bound's time ratio instead: "…; steps 2.38×"
 * ```
 */
export function besideBound(
  target: Target,
  bound: string,
  baseline: string,
  label: string,
  show: 'speed' | 'time' = 'speed',
): Target {
  return {
    ...target,
    timed: [...new Set([...target.timed, bound])],
    evaluate: (m) => {
      const verdict = target.evaluate(m);
      const boundSpeed = speedup(m, bound, baseline);
      if (verdict.value === undefined || boundSpeed === undefined) return verdict;
      // `'time'` beside a slowerAtMost target, so that both figures read as time ratios (`1.8×; bound 12.3×`).
      const figure = show === 'speed' ? boundSpeed.toFixed(2) : `${(1 / boundSpeed).toFixed(2)}×`;
      return { ...verdict, shown: `${verdict.shown}; ${label} ${figure}` };
    },
  };
}
