// Measures how often the kit's own controls give a false result.
//
//   node --import tsx scripts/reliability.ts [trials]     (default 200)
//
// Runs every control `trials` times in two child processes, one with --expose-gc and one without (gc
// enabled at run time), and prints the false results of each. A false result is a positive control that
// reports nothing retained, or a negative control that reports something retained.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { expectCollected, LeakError, measureRetention } from '../src/index.js';

const PER_TRIAL = 100;

interface Control {
  readonly name: string;
  /** Resolves to true when the check gave the right answer. */
  readonly run: () => Promise<boolean>;
}

class Consumer {
  readonly received: string[] = [];
  readonly callback = this.onData.bind(this);
  onData(data: string): void {
    this.received.push(data);
  }
}

const hub = new EventEmitter();
hub.setMaxListeners(0);

function attached(): Consumer {
  const consumer = new Consumer();
  hub.on('data', consumer.callback);
  return consumer;
}

function dropped(): Consumer {
  const consumer = new Consumer();
  consumer.onData('x');
  return consumer;
}

const controls: readonly Control[] = [
  {
    name: `measureRetention, ${PER_TRIAL} held by a hub (positive)`,
    run: async () => {
      const report = await measureRetention((track) => {
        for (let i = 0; i < PER_TRIAL; i++) track(attached(), `held ${i}`);
      });
      return report.retained === PER_TRIAL;
    },
  },
  {
    name: `measureRetention, ${PER_TRIAL} dropped (negative)`,
    run: async () => {
      const report = await measureRetention((track) => {
        for (let i = 0; i < PER_TRIAL; i++) track(dropped(), `dropped ${i}`);
      });
      return report.retained === 0;
    },
  },
  {
    name: 'expectCollected, held by a hub (positive)',
    run: () =>
      expectCollected(attached, { retainerPath: false }).then(
        () => false,
        (error: unknown) => error instanceof LeakError,
      ),
  },
  {
    name: 'expectCollected, dropped (negative)',
    run: () =>
      expectCollected(dropped).then(
        () => true,
        () => false,
      ),
  },
];

async function child(trials: number): Promise<void> {
  const results = [];
  for (const control of controls) {
    let falseResults = 0;
    const started = performance.now();
    for (let trial = 0; trial < trials; trial++) {
      if (!(await control.run())) falseResults++;
    }
    // The positive controls leave their consumers on the hub; start each control from an empty one.
    hub.removeAllListeners();
    results.push({ name: control.name, trials, falseResults, msPerTrial: (performance.now() - started) / trials });
  }
  process.stdout.write(JSON.stringify(results));
}

function parent(trials: number): void {
  const script = fileURLToPath(import.meta.url);
  let failed = false;
  for (const exposeGc of [true, false]) {
    const flags = [...(exposeGc ? ['--expose-gc'] : []), '--import', 'tsx', script, '--child', String(trials)];
    const run = spawnSync(process.execPath, flags, { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (run.status !== 0) throw new Error(`reliability child failed:\n${run.stderr}`);
    const results = JSON.parse(run.stdout) as {
      name: string;
      trials: number;
      falseResults: number;
      msPerTrial: number;
    }[];
    console.log(
      `\nNode ${process.version}, ${exposeGc ? 'with --expose-gc' : 'without --expose-gc (gc enabled at run time)'}`,
    );
    for (const { name, trials: n, falseResults, msPerTrial } of results) {
      console.log(`  ${name.padEnd(48)} false results: ${falseResults}/${n}   ${msPerTrial.toFixed(1)} ms/trial`);
      failed ||= falseResults > 0;
    }
  }
  process.exitCode = failed ? 1 : 0;
}

const at = process.argv.indexOf('--child');
if (at >= 0) {
  await child(Number(process.argv[at + 1]));
} else {
  const trials = Number(process.argv[2] ?? 200);
  if (!Number.isInteger(trials) || trials < 1)
    throw new RangeError(`reliability: trials must be a whole number ≥ 1, got ${process.argv[2]}`);
  parent(trials);
}
