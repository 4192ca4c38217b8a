/**
 * DataOutputStream → DataInputStream over real loopback sockets: any sequence of fields, written
 * with or without awaiting each, comes back value for value whatever chunks the byte stream is cut
 * into on the way, and whether the reader's socket is blocking or polled non-blocking.
 *
 *   SDK writer ──tcp──> raw relay (collects the run's bytes, resends them in the generated chunks,
 *   one turn of the event loop apart, no Nagle) ──tcp──> SDK reader
 */
import assert from 'node:assert/strict';
import type net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import fc from 'fast-check';
import { IpAddress } from '../../src/address/IpAddress.js';
import type { SendResult } from '../../src/core/SocketResult.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { DataInputStream } from '../../src/stream/DataInputStream.js';
import { DataOutputStream } from '../../src/stream/DataOutputStream.js';
import type { DataResult } from '../../src/stream/DataResult.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { acceptRaw, listening, rawServer, settle } from '../helpers/loopback.js';

type Field =
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'byte' | 'unsignedByte' | 'short' | 'unsignedShort' | 'char' | 'int' | 'float' | 'double'; readonly value: number }
  | { readonly kind: 'long'; readonly value: bigint }
  | { readonly kind: 'utf' | 'chars'; readonly value: string }
  | { readonly kind: 'bytes' | 'skip'; readonly value: Uint8Array };

const field: fc.Arbitrary<Field> = fc.oneof(
  fc.record({ kind: fc.constant('boolean' as const), value: fc.boolean() }),
  fc.record({ kind: fc.constant('byte' as const), value: fc.integer({ min: -128, max: 127 }) }),
  fc.record({ kind: fc.constant('unsignedByte' as const), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('short' as const), value: fc.integer({ min: -32768, max: 32767 }) }),
  fc.record({ kind: fc.constant('unsignedShort' as const), value: fc.integer({ min: 0, max: 65535 }) }),
  fc.record({ kind: fc.constant('char' as const), value: fc.integer({ min: 0, max: 65535 }) }),
  fc.record({ kind: fc.constant('int' as const), value: fc.integer() }),
  fc.record({ kind: fc.constant('float' as const), value: fc.float() }),
  fc.record({ kind: fc.constant('double' as const), value: fc.double() }),
  fc.record({ kind: fc.constant('long' as const), value: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) }),
  fc.record({ kind: fc.constant('utf' as const), value: fc.string({ unit: 'binary', maxLength: 300 }) }),
  fc.record({ kind: fc.constant('chars' as const), value: fc.string({ unit: 'binary', maxLength: 40 }) }),
  fc.record({ kind: fc.constant('bytes' as const), value: fc.uint8Array({ maxLength: 5000 }) }),
  fc.record({ kind: fc.constant('skip' as const), value: fc.uint8Array({ maxLength: 20000 }) }),
);

function write(output: DataOutputStream, f: Field): Promise<SendResult> {
  switch (f.kind) {
    case 'boolean': return output.writeBoolean(f.value);
    case 'byte': return output.writeByte(f.value);
    case 'unsignedByte': return output.writeByte(f.value);
    case 'short': return output.writeShort(f.value);
    case 'unsignedShort': return output.writeShort(f.value);
    case 'char': return output.writeChar(f.value);
    case 'int': return output.writeInt(f.value);
    case 'float': return output.writeFloat(f.value);
    case 'double': return output.writeDouble(f.value);
    case 'long': return output.writeLong(f.value);
    case 'utf': return output.writeUTF(f.value);
    case 'chars': return output.writeChars(f.value);
    case 'bytes': case 'skip': return output.write(f.value);
  }
}

/** Reads one field back: its value as written, or a description of what went wrong. */
async function readBack(input: DataInputStream, f: Field): Promise<DataResult<unknown>> {
  switch (f.kind) {
    case 'boolean': return input.readBoolean();
    case 'byte': return input.readByte();
    case 'unsignedByte': return input.readUnsignedByte();
    case 'short': return input.readShort();
    case 'unsignedShort': return input.readUnsignedShort();
    case 'char': {
      const read = await input.readChar();
      return read.status === SocketStatus.Done ? { status: read.status, value: read.value.charCodeAt(0) } : read;
    }
    case 'int': return input.readInt();
    case 'float': return input.readFloat();
    case 'double': return input.readDouble();
    case 'long': return input.readLong();
    case 'utf': return input.readUTF();
    case 'chars': {
      const read = await input.readFully(2 * f.value.length);
      if (read.status !== SocketStatus.Done) return read;
      const view = new DataView(read.value.buffer, read.value.byteOffset, read.value.length);
      return { status: read.status, value: String.fromCharCode(...Array.from({ length: f.value.length }, (_, i) => view.getUint16(2 * i))) };
    }
    case 'bytes': return input.readFully(f.value.length);
    case 'skip': {
      // A non-blocking skip skips what has arrived: keep skipping (as a Java caller loops on skipBytes).
      let skipped = 0;
      for (let polls = 0; polls < 100_000 && skipped < f.value.length; polls++) {
        const read = await input.skipBytes(f.value.length - skipped);
        if (read.status === SocketStatus.Done) skipped += read.value;
        else if (read.status !== SocketStatus.NotReady) return read;
        if (skipped < f.value.length) await settle();
      }
      return { status: SocketStatus.Done, value: skipped === f.value.length ? f.value : `skipped ${skipped}` };
    }
  }
}

/** A read on a non-blocking socket: called again on the next turn while it answers NotReady. */
async function polled(input: DataInputStream, f: Field): Promise<DataResult<unknown>> {
  for (let polls = 0; polls < 100_000; polls++) {
    const read = await readBack(input, f);
    // A skip answers Done with a short count rather than NotReady; it is not retried (the model then fails).
    if (read.status !== SocketStatus.NotReady) return read;
    await settle();
  }
  return { status: SocketStatus.NotReady };
}

/** Receives exactly `count` bytes from the relay's inbound side. */
function takeBytes(inbound: Buffer[], count: number, arrived: { notify: () => void }): Promise<Buffer> {
  return new Promise((resolve) => {
    const check = (): void => {
      const held = inbound.reduce((sum, chunk) => sum + chunk.length, 0);
      if (held < count) return;
      const all = Buffer.concat(inbound);
      inbound.length = 0;
      if (all.length > count) inbound.push(all.subarray(count));
      arrived.notify = () => undefined;
      resolve(all.subarray(0, count));
    };
    arrived.notify = check;
    check();
  });
}

/** Resends `bytes` cut at the given fractions, one turn of the event loop apart. */
async function resend(raw: net.Socket, bytes: Buffer, cuts: readonly number[]): Promise<void> {
  const points = [...new Set(cuts.map((cut) => Math.floor(cut * bytes.length)))].sort((a, b) => a - b);
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point <= from) continue;
    raw.write(bytes.subarray(from, point));
    from = point;
    await settle();
  }
}

/** A writer socket into a raw relay and a raw relay client into a reader socket, for one run. */
async function relayPair(t: ExecutionContext): Promise<{ writer: TcpSocket; reader: TcpSocket; inbound: Buffer[]; arrived: { notify: () => void }; toReader: net.Socket }> {
  const relayIn = await rawServer(t);
  const writer = new TcpSocket();
  t.teardown(() => writer.close());
  assert.equal((await writer.connect(IpAddress.LocalHost, relayIn.port, 5000)).status, SocketStatus.Done);
  const fromWriter = await relayIn.next();
  const inbound: Buffer[] = [];
  const arrived = { notify: (): void => undefined };
  fromWriter.on('data', (chunk: Buffer) => (inbound.push(chunk), arrived.notify()));
  const listener = await listening(t);
  const { raw: toReader, server: reader } = await acceptRaw(t, listener);
  toReader.setNoDelay(true);
  return { writer, reader, inbound, arrived, toReader };
}

/** Rejects after `ms`, so a run that loses bytes fails (and shrinks) instead of hanging. */
function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

test('any fields, written and read over loopback in any chunking, come back as written (blocking and non-blocking reader)', async (t) => {
  t.timeout(120_000);
  await fc.assert(
    fc.asyncProperty(
      fc.array(field, { minLength: 1, maxLength: 40 }),
      fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 30 }),
      fc.boolean(),
      fc.boolean(),
      async (fields, cuts, awaitEach, blockingReader) => {
        const { writer, reader, inbound, arrived, toReader } = await relayPair(t);
        try {
          reader.setBlocking(blockingReader);
          const output = new DataOutputStream(writer);
          const input = new DataInputStream(reader);
          const writes: Promise<SendResult>[] = [];
          for (const f of fields) {
            const sent = write(output, f);
            writes.push(sent);
            if (awaitEach) await sent;
          }
          const sent = await Promise.all(writes); // size() counts a field once the socket took it
          const relayed = takeBytes(inbound, output.size(), arrived).then((bytes) => resend(toReader, bytes, cuts));
          const reads = (async () => {
            const values: unknown[] = [];
            for (const f of fields) {
              const read = blockingReader ? await readBack(input, f) : await polled(input, f);
              values.push(read.status === SocketStatus.Done ? read.value : `${read.status} ${read.error?.message ?? ''}`);
            }
            return values;
          })();
          const [, values] = await within(10_000, Promise.all([relayed, reads]));
          assert.ok(sent.every((result) => result.status === SocketStatus.Done));
          assert.deepStrictEqual(values, fields.map((f) => (f.kind === 'float' ? Math.fround(f.value) : f.value)));
          assert.equal(input.available(), 0, 'nothing left over');
        } finally {
          writer.close();
          reader.close();
          toReader.destroy();
        }
      },
    ),
    { numRuns: 60 },
  );
  t.pass();
});
