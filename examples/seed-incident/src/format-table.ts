import type { DesignFigures } from './run-design.js';

const MB = 1024 * 1024;

/** The demo's comparison table: one row per design. */
export function formatTable(results: readonly DesignFigures[]): string {
  const header = [
    'design',
    'consumers reachable',
    'hub listeners',
    'heap retained',
    'GC pauses during run',
    'one full GC after',
  ];
  const rows = results.map((result) => [
    result.design === 'naive' ? 'naive callbacks' : 'Siphon',
    `${result.reachable.toLocaleString('en-US')} / ${result.consumers.toLocaleString('en-US')}`,
    result.hubListeners.toLocaleString('en-US'),
    `${(result.heapRetainedBytes / MB).toFixed(1)} MB`,
    `${result.gcPauseMs.toFixed(1)} ms`,
    `${result.fullGcMs.toFixed(1)} ms`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
