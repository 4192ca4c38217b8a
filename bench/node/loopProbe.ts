/**
 * A profiling aid, not part of the run: the SDK's echo loop on a fake in-memory connection, so
 * `node --cpu-prof dist/bench/node/loopProbe.js` shows where the SDK's own time per packet goes.
 * Usage: `node loopProbe.js [size] [rounds] [pingpong]` (pingpong: each receive waits for its packet).
 */
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpSocket, attachConnection } from '../../src/tcp/TcpSocket.js';
import type { StreamConnection, StreamHandler } from '../../src/transport/StreamTransport.js';

const size = Number(process.argv[2] ?? 64);
const rounds = Number(process.argv[3] ?? 50_000);
const BATCH = 64;

let handler: StreamHandler | undefined;
let written = 0;
const connection: StreamConnection = {
  remoteAddress: '127.0.0.1',
  remotePort: 1,
  localAddress: '127.0.0.1',
  localPort: 2,
  bufferedAmount: 0,
  attach: (h) => void (handler = h),
  write: (data) => ((written += data.length), true),
  pause: () => undefined,
  resume: () => undefined,
  shutdownOutput: () => undefined,
  destroy: () => undefined,
  close: () => undefined,
  setNoDelay: () => undefined,
  setKeepAlive: () => undefined,
};

const frames = Buffer.alloc(BATCH * (4 + size));
for (let i = 0; i < BATCH; i++) frames.writeUInt32BE(size, i * (4 + size));

const socket = new TcpSocket();
attachConnection(socket, connection);
const packet = new Packet();
const t0 = performance.now();
const single = Buffer.from(frames.subarray(0, 4 + size));
if (process.argv[4] === 'pingpong') {
  for (let round = 0; round < rounds * BATCH; round++) {
    const receiving = socket.receive(packet);
    handler?.data(Buffer.from(single));
    if ((await receiving).status !== SocketStatus.Done) throw new Error('receive failed');
    await socket.send(packet);
    await new Promise((resolve) => process.nextTick(resolve));
  }
}
for (let round = 0; round < (process.argv[4] === 'pingpong' ? 0 : rounds); round++) {
  handler?.data(Buffer.from(frames));
  for (let i = 0; i < BATCH; i++) {
    if ((await socket.receive(packet)).status !== SocketStatus.Done) throw new Error('receive failed');
    await socket.send(packet);
  }
  await new Promise((resolve) => setImmediate(resolve));
}
const ns = ((performance.now() - t0) * 1e6) / (rounds * BATCH);
process.stdout.write(`${ns.toFixed(0)} ns per echoed packet (${written} bytes written)\n`);
socket.disconnect();
