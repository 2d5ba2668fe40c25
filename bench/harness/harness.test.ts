import { describe, expect, it } from 'vitest';
import { markdownTable } from './format.js';
import { Registry, loadExport } from './registry.js';
import { allOf, besideBound, fasterBy, liveHeapAtMost, memoryAtMost, slowerAtMost, speedAtLeast } from './targets.js';
import { median } from './timing.js';

describe('harness', () => {
  it('median takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(RangeError);
  });

  it('a registry refuses duplicate names and records skipped rows', () => {
    const registry = new Registry<number, number>().add('a', (n) => n).optional('b', 'not landed');
    expect(() => registry.add('a', (n) => n)).toThrow(TypeError);
    expect(registry.skipped).toEqual([{ name: 'b', reason: 'not landed' }]);
    expect(() => registry.get('b')).toThrow(RangeError);
  });

  it('loadExport reports a missing export instead of throwing', async () => {
    expect(await loadExport('node:path', 'noSuchFunction')).toMatch(/does not export noSuchFunction/);
    expect(typeof (await loadExport('node:path', 'join'))).toBe('function');
  });

  it('targets compare times and memory as ratios, and say when a side is missing', () => {
    const measured = {
      time: new Map([
        ['floor', 10],
        ['fast', 16],
        ['slow', 40],
      ]),
      memory: new Map([
        [
          'leaky',
          { gcCount: 0, gcPauseMs: 0, majorGcCount: 0, allocatedBytes: 0, allocatedPerChunk: 0, retainedBytes: 1000 },
        ],
        [
          'tidy',
          { gcCount: 0, gcPauseMs: 0, majorGcCount: 0, allocatedBytes: 0, allocatedPerChunk: 0, retainedBytes: 5 },
        ],
      ]),
    };
    expect(speedAtLeast('', 'fast', 'floor', 0.55).evaluate(measured)).toMatchObject({ value: 0.625, met: true });
    expect(fasterBy('', 'fast', 'slow', 2.5).evaluate(measured)).toMatchObject({ value: 2.5, met: true });
    expect(fasterBy('', 'slow', 'fast', 1.5).evaluate(measured).met).toBe(false);
    expect(memoryAtMost('', 'retainedBytes', 'tidy', 'leaky', 0.01).evaluate(measured)).toMatchObject({
      value: 0.005,
      met: true,
    });
    expect(speedAtLeast('', 'absent', 'floor', 0.5).evaluate(measured)).toMatchObject({
      met: undefined,
      shown: 'not measured',
    });
  });

  it('targets name the variants they time, for their head-to-head runs', () => {
    const both = allOf('', '', [fasterBy('', 'a', 'b', 1.3), speedAtLeast('', 'a', 'c', 0.5)]);
    expect(both.timed).toEqual(['a', 'b', 'c']);
    expect(memoryAtMost('', 'allocatedPerChunk', 'a', 'b', 1.2).timed).toEqual([]);
  });

  it('a target beside its bound keeps its own verdict, times the bound too and shows its speed', () => {
    const measured = {
      time: new Map([
        ['floor', 10],
        ['lib', 40],
        ['bound', 25],
      ]),
      memory: new Map(),
    };
    const target = besideBound(speedAtLeast('', 'lib', 'floor', 0.55), 'bound', 'floor', 'bound row');
    expect(target.timed).toEqual(['lib', 'floor', 'bound']);
    expect(target.evaluate(measured)).toEqual({ value: 0.25, met: false, shown: '0.25; bound row 0.40' });
  });

  it('a live-heap target compares retained heap as a multiple, and a time-ratio target shows its bound as one', () => {
    const stats = (retainedBytes: number) => ({
      gcCount: 0,
      gcPauseMs: 0,
      majorGcCount: 0,
      allocatedBytes: 0,
      allocatedPerChunk: 0,
      retainedBytes,
    });
    const measured = {
      time: new Map([
        ['naive', 10],
        ['lib', 15],
        ['bound', 40],
      ]),
      memory: new Map([
        ['naive', stats(200)],
        ['lib', stats(500)],
      ]),
    };
    expect(liveHeapAtMost('', 'lib', 'naive', 2).evaluate(measured)).toMatchObject({
      value: 2.5,
      met: false,
      shown: '2.50×',
    });
    expect(liveHeapAtMost('', 'lib', 'absent', 2).evaluate(measured).met).toBeUndefined();
    const beside = besideBound(slowerAtMost('', 'lib', 'naive', 2), 'bound', 'naive', 'bound row', 'time');
    expect(beside.evaluate(measured)).toEqual({ value: 1.5, met: true, shown: '1.50×; bound row 4.00×' });
  });

  it('tables pad every column', () => {
    expect(markdownTable(['a', 'bb'], [['ccc', 'd']], [false, true])).toBe('| a   | bb |\n|-----|---:|\n| ccc |  d |');
  });
});
