/**
 * Java-style unframed records (`writeInt` id, `writeUTF` name, `writeDouble` score: 25 bytes)
 * streamed over one loopback connection and read back field by field, writer and reader in this
 * process: the SDK's `DataOutputStream` / `DataInputStream` (`sdk`), the same over the SDK with a
 * `Packet` per record and a hand-written `readFully` loop as porters wrote before (`sdk-packet`),
 * and hand-written `node:net` code parsing Buffers (`raw`, the baseline).
 * Usage: `node dataStreams.js <sdk|sdk-packet|raw> <durationMs> <maxOps>`; prints `RESULT`.
 */
import net from 'node:net';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { DataInputStream } from '../../src/stream/DataInputStream.js';
import { DataOutputStream } from '../../src/stream/DataOutputStream.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { cpuMs, report } from './common.js';

const NAME = 'player-0042';
const RECORD = 4 + 2 + NAME.length + 8;
const BATCH = 256;

/** The next turn of the event loop. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Streams records until `until()` says stop; returns the records read. */
type Streamer = (maxOps: number, until: () => boolean) => Promise<number>;

/** A connected pair of SDK sockets on loopback. */
async function sdkPair(): Promise<[TcpSocket, TcpSocket]> {
  const listener = new TcpListener();
  await listener.listen(0, IpAddress.LocalHost);
  const writer = new TcpSocket();
  const reader = new TcpSocket();
  await Promise.all([writer.connect(IpAddress.LocalHost, listener.getLocalPort()), listener.accept(reader)]);
  listener.close();
  return [writer, reader];
}

const sdk: Streamer = async (maxOps, until) => {
  const [writer, reader] = await sdkPair();
  const output = new DataOutputStream(writer);
  const input = new DataInputStream(reader);
  let stop = false;
  const writing = (async () => {
    for (let sent = 0; !stop && sent < maxOps; sent += BATCH) {
      for (let i = 0; i < BATCH - 1; i++) void output.writeInt(i), void output.writeUTF(NAME), void output.writeDouble(i / 2);
      await output.writeInt(0), await output.writeUTF(NAME), await output.writeDouble(0);
      await turn(); // one batch a turn, as the raw writer: the reader shares the loop
    }
  })();
  let read = 0;
  for (; read < maxOps && !until(); read++) {
    const id = await input.readInt();
    const name = await input.readUTF();
    const score = await input.readDouble();
    if (id.status !== SocketStatus.Done || name.value !== NAME || score.status !== SocketStatus.Done) throw new Error('sdk: bad record');
  }
  stop = true;
  reader.close();
  await writing.catch(() => undefined);
  writer.close();
  return read;
};

/** `DataInputStream.readFully` by hand over `receive(n)`, as the porting guide showed before the stream classes. */
async function readFully(socket: TcpSocket, length: number): Promise<Packet | null> {
  const packet = new Packet();
  while (packet.getDataSize() < length) {
    const { status, data } = await socket.receive(length - packet.getDataSize());
    if (status !== SocketStatus.Done) return null;
    packet.append(data);
  }
  return packet;
}

const sdkPacket: Streamer = async (maxOps, until) => {
  const [writer, reader] = await sdkPair();
  let stop = false;
  const writing = (async () => {
    for (let sent = 0; !stop && sent < maxOps; sent += BATCH) {
      for (let i = 0; i < BATCH - 1; i++) void writer.send(new Packet().writeInt32(i).writeUTF(NAME).writeDoubleBE(i / 2).getData());
      await writer.send(new Packet().writeInt32(0).writeUTF(NAME).writeDoubleBE(0).getData());
      await turn();
    }
  })();
  let read = 0;
  for (; read < maxOps && !until(); read++) {
    const head = await readFully(reader, 6);
    if (head === null) throw new Error('sdk-packet: end');
    head.readInt32();
    const body = await readFully(reader, head.readUint16() + 8);
    if (body === null) throw new Error('sdk-packet: end');
    const name = new Packet().append(head.getData().subarray(4)).append(body.getData());
    if (name.readUTF() !== NAME) throw new Error('sdk-packet: bad record');
  }
  stop = true;
  reader.close();
  await writing.catch(() => undefined);
  writer.close();
  return read;
};

const raw: Streamer = async (maxOps, until) => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const writer = net.createConnection({ host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, noDelay: true });
  const reader = await accepted;
  server.close();
  let stop = false;
  // Hand-written at its best: one Buffer a batch (one system call, as the SDK coalesces a turn's
  // writes), one batch a turn as the SDK writers; past 1 MiB queued, wait for 'drain'.
  const batch = Buffer.alloc(BATCH * RECORD);
  const write = (): void => {
    if (stop) return;
    for (let i = 0, at = 0; i < BATCH; i++, at += RECORD) {
      batch.writeInt32BE(i, at);
      batch.writeUInt16BE(NAME.length, at + 4);
      batch.write(NAME, at + 6, 'latin1');
      batch.writeDoubleBE(i / 2, at + 6 + NAME.length);
    }
    writer.write(Buffer.from(batch));
    if (writer.writableLength > 1024 * 1024) writer.once('drain', write);
    else setImmediate(write);
  };
  writer.once('connect', write);
  let pending: Buffer = Buffer.alloc(0);
  let read = 0;
  await new Promise<void>((resolve) => {
    reader.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let at = 0;
      while (pending.length - at >= 6 && read < maxOps) {
        const length = pending.readUInt16BE(at + 4);
        if (pending.length - at < 6 + length + 8) break;
        const name = pending.toString('latin1', at + 6, at + 6 + length);
        pending.readDoubleBE(at + 6 + length);
        if (name !== NAME) throw new Error('raw: bad record');
        at += 6 + length + 8;
        read++;
      }
      pending = pending.subarray(at);
      if (read >= maxOps || until()) {
        stop = true;
        reader.destroy();
        writer.destroy();
        resolve();
      }
    });
  });
  return read;
};

const streamers: Record<string, Streamer> = { sdk, 'sdk-packet': sdkPacket, raw };
const streamer = streamers[process.argv[2] ?? ''];
if (streamer === undefined) throw new Error(`unknown implementation ${process.argv[2]}`);
const durationMs = Number(process.argv[3]);
const maxOps = Number(process.argv[4]);
await streamer(Math.min(maxOps, 20_000), () => false); // warm-up: let the JIT settle
const cpu0 = cpuMs();
const t0 = performance.now();
const ops = await streamer(maxOps, () => performance.now() - t0 >= durationMs);
const elapsed = performance.now() - t0;
report('RESULT', { ops, elapsedMs: elapsed, cpuMs: cpuMs() - cpu0 });
process.exit(0);
