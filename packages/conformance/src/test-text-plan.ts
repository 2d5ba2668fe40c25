// The text side of the conformance suite: `lines` over text cut at random is where chunking matters
// most (a line split across chunks, a `\r\n` split between them, several lines in one chunk before a
// failing one). The model is `linesModel`, `lines` written with `split` over the whole text.
import { lines, map, mapAsync, pipe, type Filter } from '@siphon/core';
import fc from 'fast-check';
import { linesModel, STAGE_FAILURE, type Ending, type Outcome } from '../../core/src/test-reference-model.js';
import { cuts, splitAt, trickyText } from '../../core/src/text/test-text-arbitraries.js';
import { groupsOf, Ledger } from './test-plan.js';

export interface TextScenario {
  readonly text: string;
  readonly cuts: readonly number[];
  /** How the chunks are grouped into turns of the event loop. */
  readonly turns: readonly number[];
  readonly keepEnds: boolean;
  /** The line (0-based) the stage after `lines` fails on. */
  readonly failLine: number | undefined;
  /** The chunk the source fails on. */
  readonly sourceFailsAt: number | undefined;
  readonly identityAt: number;
  readonly concurrency: number;
}

export const textScenario: fc.Arbitrary<TextScenario> = fc.record({
  text: trickyText,
  cuts,
  turns: fc.array(fc.nat(), { maxLength: 6 }),
  keepEnds: fc.boolean(),
  failLine: fc.option(fc.nat({ max: 8 }), { nil: undefined }),
  sourceFailsAt: fc.option(fc.nat({ max: 14 }), { nil: undefined }),
  identityAt: fc.nat(),
  concurrency: fc.integer({ min: 1, max: 4 }),
});

type TextFilter = Filter<string, string>;

export interface TextRun {
  readonly filter: TextFilter;
  readonly ledger: Ledger;
  readonly groups: string[][];
  readonly expected: Outcome;
  readonly label: string;
}

/** `probe → lines → upper-case (failing on line failLine) → probe`, with the async identity somewhere. */
export function textRun(s: TextScenario, identity: boolean): TextRun {
  const ledger = new Ledger();
  const steps: { label: string; filter: TextFilter; fails?: true }[] = [
    { label: 'probe', filter: ledger.probe<string>() },
    { label: `lines${s.keepEnds ? ' keepEnds' : ''}`, filter: lines({ keepEnds: s.keepEnds }) },
    {
      label: `upper fail@${String(s.failLine)}`,
      fails: true,
      filter: map((line: string, index: number) => {
        if (index === s.failLine) throw new Error(STAGE_FAILURE);
        return line.toUpperCase();
      }),
    },
    { label: 'probe', filter: ledger.probe<string>() },
  ];
  if (identity) {
    const identityStep = {
      label: `mapAsync(x => x)×${s.concurrency}`,
      filter: mapAsync((x: string) => x, { concurrency: s.concurrency }),
    };
    steps.splice(s.identityAt % (steps.length + 1), 0, identityStep);
  }
  const filter = (pipe as (...f: TextFilter[]) => TextFilter)(...steps.map((step) => step.filter));
  const chunks = splitAt(s.text, s.cuts);
  const failingStage = steps.findIndex((step) => step.fails === true) + 1;
  return {
    filter,
    ledger,
    groups: groupsOf(chunks, s.turns),
    expected: expectedText(s, chunks, failingStage),
    label: steps.map((step) => step.label).join(' → '),
  };
}

function expectedText(s: TextScenario, chunks: readonly string[], failingStage: number): Outcome {
  const sourceFails = s.sourceFailsAt !== undefined && s.sourceFailsAt < chunks.length;
  let all: string[];
  if (sourceFails) {
    // The input did not end normally: a last line without its `\n` is never handed out.
    const seen = chunks.slice(0, s.sourceFailsAt).join('');
    all = linesModel(seen.slice(0, seen.lastIndexOf('\n') + 1), s.keepEnds);
  } else {
    all = linesModel(s.text, s.keepEnds);
  }
  const upper = all.map((line) => line.toUpperCase());
  let ending: Ending = sourceFails ? { kind: 'source' } : { kind: 'end' };
  let values = upper;
  if (s.failLine !== undefined && upper.length > s.failLine) {
    values = upper.slice(0, s.failLine);
    ending = { kind: 'filter', stage: failingStage };
  }
  return { values: values as unknown as number[], ending };
}
