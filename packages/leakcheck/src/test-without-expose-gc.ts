// Run by collect-garbage.test.ts in a child process started WITHOUT --expose-gc.
import { measureRetention } from './measure-retention.js';

const holder: object[] = [];
const gcExposed = typeof (globalThis as { gc?: unknown }).gc === 'function';
const dropped = await measureRetention((track) => {
  for (let i = 0; i < 50; i++) track({ i }, `dropped ${i}`);
});
const held = await measureRetention((track) => {
  for (let i = 0; i < 50; i++) holder.push(track({ i }, `held ${i}`));
});
process.stdout.write(JSON.stringify({ gcExposed, dropped: dropped.retained, held: held.retained }));
