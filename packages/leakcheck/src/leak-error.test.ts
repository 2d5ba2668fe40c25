import { describe, expect, it } from 'vitest';
import { LeakError } from './leak-error.js';

describe('LeakError', () => {
  it('is a plain Error with its findings as fields', () => {
    const labels = ['a', 'b'];
    const error = new LeakError('2 of 3 survived', { tracked: 3, retainedLabels: labels, retainerPath: 'A ← B' });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('LeakError');
    expect(error.message).toBe('2 of 3 survived');
    expect(String(error)).toBe('LeakError: 2 of 3 survived');
    expect(error.tracked).toBe(3);
    expect(error.retainedLabels).toEqual(['a', 'b']);
    expect(error.retainerPath).toBe('A ← B');
  });

  it('keeps its own frozen copy of the labels', () => {
    const labels = ['a'];
    const error = new LeakError('1 of 1 survived', { tracked: 1, retainedLabels: labels });
    labels.push('b');
    expect(error.retainedLabels).toEqual(['a']);
    expect(Object.isFrozen(error.retainedLabels)).toBe(true);
    expect(error.retainerPath).toBeUndefined();
  });
});
