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
}

/** Reads `--quick`, `--json <path>`, `--filter <regexp>`, `--no-memory` from the command line. */
export function passOptions(argv: readonly string[] = process.argv.slice(2)): PassOptions {
  const quick = argv.includes('--quick');
  const valueOf = (flag: string): string | undefined => {
    const index = argv.indexOf(flag);
    return index === -1 ? undefined : argv[index + 1];
  };
  const filter = valueOf('--filter');
  return {
    mode: quick ? 'quick' : 'full',
    rounds: quick ? 1 : 3,
    minSamples: quick ? 3 : 1,
    maxSamples: quick ? 10 : 20,
    minCpuTimeNs: quick ? 60e6 : 150e6,
    jsonPath: valueOf('--json'),
    filter: filter === undefined ? undefined : new RegExp(filter, 'i'),
    skipMemory: argv.includes('--no-memory'),
  };
}
