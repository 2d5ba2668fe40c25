import { describe, expect, it } from 'vitest';
import { designs, timeAttach, type DesignName } from './w4-attach-alone.js';

describe('W4 attach, each design alone', () => {
  it('every design serves every consumer the message, and gives a time', async () => {
    for (const design of Object.keys(designs) as DesignName[]) {
      const { median, p10 } = await timeAttach(design, 50, 5);
      expect(median).toBeGreaterThan(0);
      expect(p10).toBeLessThanOrEqual(median);
    }
  });
});
