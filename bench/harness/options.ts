/** How thorough a pass is. */
export interface PassOptions {
  readonly mode: 'full' | 'quick';
  /** Timing rounds; each round times every variant once with mitata, and the median round is reported. */
  readonly rounds: number;
  /** mitata's budget for one measurement. */
  readonly minSamples: number;
  readonly maxSamples: number;
  /** Nanoseconds of run time mitata collects per measurement, at least. */
  readonly minCpuTimeNs: number;
  /** Where to write the scenario's results as JSON (for `run.ts`). */
  readonly jsonPath: string | undefined;
  /** Only variants whose name matches. */
  readonly filter: RegExp | undefined;
  /** Skip the child-process memory measurements. */
  readonly skipMemory: boolean;
  /**
   * Only these variants (and the floor), by exact name: how the head-to-head runs of a target's
   * variants are started. Such a run measures no memory and starts no head-to-head runs of its own.
   */
  readonly only: ReadonlySet<string> | undefined;
  /** Skip the head-to-head runs; the targets are then judged on the main run's times. */
  readonly skipHeadToHead: boolean;
}

/**
 * Reads `--quick`, `--json <path>`, `--filter <regexp>`, `--no-memory`, `--no-head-to-head`, `--rounds <n>`
 * and `--only <JSON array of variant names>` from the command line.
 */
export function passOptions(argv: readonly string[] = process.argv.slice(2)): PassOptions {
  const quick = argv.includes('--quick');
  const valueOf = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const filter = valueOf('--filter');
  const only = valueOf('--only');
  const rounds = valueOf('--rounds');
  const defaultRounds = quick ? 1 : 3;
  return {
    mode: quick ? 'quick' : 'full',
    rounds: rounds === undefined ? defaultRounds : Number(rounds),
    minSamples: quick ? 3 : 1,
    maxSamples: quick ? 10 : 20,
    minCpuTimeNs: quick ? 60e6 : 150e6,
    jsonPath: valueOf('--json'),
    filter: filter === undefined ? undefined : new RegExp(filter, 'i'),
    skipMemory: argv.includes('--no-memory') || only !== undefined,
    only: only === undefined ? undefined : new Set(JSON.parse(only) as string[]),
    skipHeadToHead: argv.includes('--no-head-to-head') || only !== undefined,
  };
}
