/**
 * The heartbeat's input filter: empty SFML frames are taken out of a byte stream however the
 * stream is cut into chunks, and everything else passes unchanged.
 */
import test from 'ava';
import { SeededRandom } from '../../src/conditioner/SeededRandom.js';
import { EmptyFrameFilter } from '../../src/tcp/EmptyFrameFilter.js';
import { frame } from '../helpers/loopback.js';

/** Frames of random sizes (0 to 9 bytes of payload: many empty, many sizes with zero bytes in them). */
function frames(random: SeededRandom, count: number): Buffer[] {
  return Array.from({ length: count }, () => {
    const size = Math.floor(random.next() * 10);
    return frame(Uint8Array.from({ length: size }, () => Math.floor(random.next() * 3)));
  });
}

/** What the filter lets through when `stream` arrives cut at `cuts`. */
function filtered(stream: Buffer, cuts: number[]): Buffer {
  const filter = new EmptyFrameFilter();
  const kept: Uint8Array[] = [];
  let at = 0;
  for (const cut of [...cuts, stream.length]) {
    filter.filter(stream.subarray(at, cut), (part) => kept.push(Uint8Array.from(part)));
    at = cut;
  }
  return Buffer.concat(kept);
}

test('empty frames are removed and the others kept, for 200 random streams cut at random places', (t) => {
  const random = new SeededRandom(23);
  for (let run = 0; run < 200; run++) {
    const all = frames(random, 30);
    const stream = Buffer.concat(all);
    const expected = Buffer.concat(all.filter((one) => one.length > 4));
    const cuts = Array.from({ length: Math.floor(random.next() * 20) }, () => Math.floor(random.next() * stream.length)).sort((a, b) => a - b);
    t.deepEqual(filtered(stream, cuts), expected, `run ${run}`);
  }
});

test('a stream cut after every byte still loses exactly its empty frames', (t) => {
  const all = [frame(new Uint8Array(0)), frame(Uint8Array.of(0, 0, 0)), frame(new Uint8Array(0)), frame(Uint8Array.of(7))];
  const stream = Buffer.concat(all);
  t.deepEqual(filtered(stream, Array.from({ length: stream.length - 1 }, (_, i) => i + 1)), Buffer.concat([all[1] as Buffer, all[3] as Buffer]));
});
