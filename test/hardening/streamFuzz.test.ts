/**
 * Stream fuzzing over a real loopback socket: random frames (some claiming more than the limit),
 * cut short at a random point and written in random chunks by a raw peer that then closes. The
 * receiving `TcpSocket` must hand out exactly the whole frames before the first bad or missing
 * one, then one `Error` (an over-limit claim) or `Disconnected`, and nothing else.
 */
import test from 'ava';
import fc from 'fast-check';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { acceptRaw, frame, listening } from '../helpers/loopback.js';

const MAX = 32;
const RUNS = 60;

/** What the receiver must report for `frames` cut at `cut` bytes: payload hex per packet, then the ending. */
function expected(frames: readonly Uint8Array[], cut: number): string[] {
  const out: string[] = [];
  let offset = 0;
  for (const payload of frames) {
    if (offset + 4 > cut) break;
    if (payload.length > MAX) return [...out, SocketStatus.Error];
    if (offset + 4 + payload.length > cut) break;
    out.push(Buffer.from(payload).toString('hex'));
    offset += 4 + payload.length;
  }
  return [...out, SocketStatus.Disconnected];
}

test(`fuzz: random frames, cuts and chunking over loopback (${RUNS} streams)`, async (t) => {
  t.timeout(60_000);
  const listener = await listening(t);
  const property = fc.asyncProperty(
    fc.array(fc.uint8Array({ maxLength: MAX + 8 }), { maxLength: 6 }),
    fc.nat(),
    fc.array(fc.integer({ min: 1, max: 16 }), { minLength: 1, maxLength: 8 }),
    async (frames, cutSeed, chunkSizes) => {
      const wire = Buffer.concat(frames.map((payload) => frame(payload)));
      const cut = cutSeed % (wire.length + 1);
      const { raw, server } = await acceptRaw(t, listener);
      server.setMaxPacketSize(MAX);
      for (let at = 0, i = 0; at < cut; i++) {
        const size = chunkSizes[i % chunkSizes.length] as number;
        raw.write(wire.subarray(at, Math.min(cut, at + size)));
        at += size;
      }
      raw.end();
      const got: string[] = [];
      for (let i = 0; i <= frames.length + 1; i++) {
        const packet = new Packet();
        const { status } = await server.receive(packet);
        got.push(status === SocketStatus.Done ? Buffer.from(packet.getData()).toString('hex') : status);
        if (status !== SocketStatus.Done) break;
      }
      server.disconnect();
      raw.destroy();
      if (JSON.stringify(got) !== JSON.stringify(expected(frames, cut))) {
        throw new Error(`got ${JSON.stringify(got)}, expected ${JSON.stringify(expected(frames, cut))}`);
      }
    },
  );
  const details = await fc.check(property, { numRuns: RUNS });
  t.is(details.numRuns, RUNS);
  t.false(details.failed, fc.defaultReportMessage(details) ?? '');
});
