import { describe, expect, it } from 'vitest';
import { assertSameResult, ResultMismatchError } from './harness/check.js';
import { testScenario } from './harness/scenario-test.js';
import { names, scenario } from './w2-bytes.js';

describe('W2 bytes', () => {
  testScenario(scenario, [
    names.siphonSync,
    'Node 3 × Transform in pipeline()',
    'async generator chain',
    'Siphon pull (async)',
    'Siphon pullBatches (async)',
  ]);

  it('splits multi-byte characters across chunk boundaries and mixes \\n with \\r\\n', () => {
    const input = scenario.prepare(scenario.sizes.test);
    expect(input.chunks.length).toBe(8);
    expect(input.splitCharacters).toBeGreaterThan(0);
    const text = new TextDecoder().decode(Buffer.concat(input.chunks));
    expect(text).toMatch(/[^\r]\n/);
    expect(text).toContain('\r\n');
    expect(text).toMatch(/[^\x00-\x7f]/);
  });

  it('the result check compares every output byte', async () => {
    const input = scenario.prepare(scenario.sizes.test);
    const floor = (await scenario.variants()).get(scenario.floor);
    const checked = scenario.checkInput!(input);
    const flipped = Uint8Array.from(input.chunks[3]!);
    flipped[100] = flipped[100] === 0x61 ? 0x62 : 0x61;
    const altered = { ...checked, chunks: input.chunks.map((chunk, i) => (i === 3 ? flipped : chunk)) };
    expect(() => assertSameResult('altered', floor.run(altered), scenario.reference(input))).toThrow(
      ResultMismatchError,
    );
  });
});
