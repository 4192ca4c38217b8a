/**
 * `ByteQueue` against a plain byte array as the model: any interleaving of pushes, peeks, takes,
 * skips and clears over several queues (which hand their emptied chunk lists to one another)
 * gives the model's bytes.
 */
import test from 'ava';
import fc from 'fast-check';
import { ByteQueue } from '../../src/tcp/ByteQueue.js';

/** One step on queue `q` (of three). */
type Step =
  | { readonly q: number; readonly op: 'push'; readonly bytes: Uint8Array }
  | { readonly q: number; readonly op: 'take' | 'skip' | 'into'; readonly count: number }
  | { readonly q: number; readonly op: 'peek' | 'clear' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ q: fc.nat(2), op: fc.constant('push' as const), bytes: fc.uint8Array({ maxLength: 9 }) }),
  fc.record({ q: fc.nat(2), op: fc.constantFrom('take' as const, 'skip' as const, 'into' as const), count: fc.nat(20) }),
  fc.record({ q: fc.nat(2), op: fc.constantFrom('peek' as const, 'clear' as const) }),
);

/** The big-endian uint32 at the start of `bytes`. */
const uint32 = (bytes: readonly number[]): number => (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;

test('queues that pass emptied chunk lists between them give back exactly the bytes pushed', (t) => {
  const details = fc.check(
    fc.property(fc.array(step, { maxLength: 300 }), (steps) => {
      const queues = [new ByteQueue(), new ByteQueue(), new ByteQueue()];
      const models: number[][] = [[], [], []];
      for (const s of steps) {
        const queue = queues[s.q] as ByteQueue;
        const model = models[s.q] as number[];
        if (s.op === 'push') {
          queue.push(s.bytes.slice()); // a chunk of its own, as node:net gives
          model.push(...s.bytes);
        } else if (s.op === 'clear') {
          queue.clear();
          model.length = 0;
        } else if (s.op === 'peek') {
          if (model.length >= 4 && queue.peekUint32() !== uint32(model)) return false;
        } else if (s.op === 'take' || s.op === 'skip' || s.op === 'into') {
          const count = Math.min(s.count, model.length);
          if (count === 0) continue;
          const expected = model.splice(0, count);
          if (s.op === 'skip') queue.skip(count);
          else {
            const got = s.op === 'take' ? queue.take(count) : new Uint8Array(count + 2);
            if (s.op === 'into') queue.takeInto(got, 2, count);
            const bytes = [...(s.op === 'take' ? got : got.subarray(2))];
            if (bytes.join() !== expected.join()) return false;
          }
        }
        if (queue.length !== model.length) return false;
        if (model.length > 0 && queue.headChunk[queue.headOffset] !== model[0]) return false;
      }
      return true;
    }),
    { numRuns: 300 },
  );
  t.is(details.numRuns, 300);
  t.false(details.failed, fc.defaultReportMessage(details) ?? '');
});

test('a long queue compacts its list and still reads in order', (t) => {
  const queue = new ByteQueue();
  for (let i = 0; i < 200; i++) queue.push(Uint8Array.of(i));
  for (let i = 0; i < 150; i++) t.is(queue.take(1)[0], i);
  queue.push(Uint8Array.of(7, 7));
  t.is(queue.length, 52);
  t.deepEqual([...queue.take(52)].slice(0, 3), [150, 151, 152]);
  t.is(queue.length, 0);
});
