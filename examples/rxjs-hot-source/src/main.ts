/**
 * A hot RxJS source run through a Siphon pipeline two ways:
 *
 * 1. pushed: `ticks$.pipe(toOperator(pipeline))` into a subscriber, as any RxJS operator;
 * 2. pulled: `pull(fromObservable(ticks$), pipeline)` in a `for await` loop that stops early.
 *
 * The pipeline is one value, a recipe: each run gets its own state, and it holds neither consumer.
 * Either way, when the consumer is done the source has no observers left.
 */
import { filter, lines, map, pipe, pull, take } from '@siphon/core';
import { fromObservable, toOperator } from '@siphon/rxjs';
import { interval, Subject } from 'rxjs';

// A hot source: a Subject fed by a timer, as a socket or a message bus would feed it. Each line arrives
// in two chunks cut at a different place each time, so the pipeline has to reassemble it.
const ticks$ = new Subject<string>();
let tick = 0;
const feeder = interval(2).subscribe(() => {
  tick++;
  const line = `reading ${tick}\n`;
  const cut = 1 + (tick % (line.length - 1));
  ticks$.next(line.slice(0, cut));
  ticks$.next(line.slice(cut));
});

// One recipe, shared by both runs below.
const readings = pipe(
  lines(),
  filter((line: string) => line.startsWith('reading')),
  map((line) => Number(line.slice('reading '.length))),
  filter((n) => n % 2 === 0),
  take(5),
);

// 1. Pushed: an RxJS operator. take(5) completes the subscription and unsubscribes from the Subject.
const pushed = await new Promise<number[]>((resolve, reject) => {
  const seen: number[] = [];
  ticks$.pipe(toOperator(readings)).subscribe({
    next: (n) => seen.push(n),
    error: reject,
    complete: () => resolve(seen),
  });
});
console.log(`toOperator:     saw ${JSON.stringify(pushed)}, then completed`);
console.log(`                source still observed: ${ticks$.observed}`);

// 2. Pulled: a for-await loop over the same pipeline, stopping early. `break` unsubscribes at once.
const pulled: number[] = [];
for await (const n of pull(fromObservable(ticks$, { highWaterMark: 64 }), readings)) {
  pulled.push(n);
  if (pulled.length === 3) break;
}
console.log(`fromObservable: saw ${JSON.stringify(pulled)}, then broke out of the loop`);
console.log(`                source still observed: ${ticks$.observed}`);

feeder.unsubscribe();
if (ticks$.observed) {
  console.error('the source still has observers');
  process.exitCode = 1;
}
