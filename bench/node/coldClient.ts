/**
 * The client of the `cold start` group: a fresh process that loads its library, connects to a
 * warm echo server, sends one 64-byte packet and waits for its echo. It reports the time from
 * the process's start (`performance.now()` counts from there) to the echo, and the load's share.
 *
 *   coldClient.js <sdk|raw> <port> [entry]
 *
 * `sdk` imports the SDK's main entry (`entry`, a file: tsc's modules or the package's bundle) and
 * uses a blocking `TcpSocket` and `Packet`; `raw` imports `node:net` and writes the same SFML frame
 * (32-bit size, then the payload) by hand.
 */
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { report } from './common.js';

const [impl, portText, entry = ''] = process.argv.slice(2);
const port = Number(portText);
const SIZE = 64;

/** Loads the SDK, makes one round trip; returns the load's milliseconds. */
async function sdk(): Promise<number> {
  const started = performance.now();
  const { IpAddress, Packet, SocketStatus, TcpSocket } = (await import(pathToFileURL(entry).href)) as typeof import('../../src/index.js');
  const loaded = performance.now() - started;
  const socket = new TcpSocket();
  if ((await socket.connect(IpAddress.LocalHost, port)).status !== SocketStatus.Done) throw new Error('connect failed');
  if ((await socket.send(new Packet().append(new Uint8Array(SIZE).fill(0x5a)))).status !== SocketStatus.Done) throw new Error('send failed');
  const reply = new Packet();
  if ((await socket.receive(reply)).status !== SocketStatus.Done || reply.getDataSize() !== SIZE) throw new Error('no echo');
  socket.disconnect();
  return loaded;
}

/** Loads `node:net`, makes the same round trip by hand; returns the load's milliseconds. */
async function raw(): Promise<number> {
  const started = performance.now();
  const net = await import('node:net');
  const loaded = performance.now() - started;
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await once(socket, 'connect');
  const frame = Buffer.alloc(4 + SIZE, 0x5a);
  frame.writeUInt32BE(SIZE, 0);
  socket.write(frame);
  let received = 0;
  while (received < frame.length) {
    const [chunk] = (await once(socket, 'data')) as [Buffer];
    received += chunk.length;
  }
  socket.destroy();
  return loaded;
}

const loadMs = impl === 'sdk' ? await sdk() : await raw();
report('RESULT', { firstMs: performance.now(), loadMs });
