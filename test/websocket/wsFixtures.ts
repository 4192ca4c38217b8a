/**
 * WebSocket fixtures: a `TcpListener` over `NodeWebSocketTransport` on port 0, clients over the
 * same transport, and a raw client that performs the upgrade and then writes hand-made (hostile)
 * frame bytes, each closed in `t.teardown`.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { NodeWebSocketTransport, type WebSocketTransportOptions } from '../../src/platform/node/NodeWebSocketTransport.js';
import type { SocketOptions } from '../../src/socket/SocketContext.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';

/** A listener taking WebSocket clients on `host`, port 0. */
export async function wsListener(t: ExecutionContext, options: SocketOptions = {}, transport: WebSocketTransportOptions = {}, host = '127.0.0.1'): Promise<TcpListener> {
  const listener = new TcpListener({ ...options, streamTransport: new NodeWebSocketTransport(transport) });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.parse(host))).status, SocketStatus.Done);
  return listener;
}

/** A `TcpSocket` over WebSocket, disconnected at teardown. */
export function wsClient(t: ExecutionContext, options: SocketOptions = {}, transport: WebSocketTransportOptions = {}): TcpSocket {
  const socket = new TcpSocket({ ...options, streamTransport: new NodeWebSocketTransport(transport) });
  t.teardown(() => socket.disconnect());
  return socket;
}

/** A connected client and the server-side socket that accepted it. */
export async function wsPair(t: ExecutionContext, listener: TcpListener, options: SocketOptions = {}, transport: WebSocketTransportOptions = {}): Promise<{ client: TcpSocket; server: TcpSocket }> {
  const client = wsClient(t, options, transport);
  const server = new TcpSocket();
  t.teardown(() => server.disconnect());
  const [connected, accepted] = await Promise.all([client.connect(IpAddress.LocalHost, listener.getLocalPort(), 5000), listener.accept(server)]);
  t.is(connected.status, SocketStatus.Done);
  t.is(accepted.status, SocketStatus.Done);
  return { client, server };
}

/** A raw TCP client that has completed a WebSocket upgrade: what it writes next are frame bytes of the test's own making. */
export interface RawWebSocket {
  readonly socket: net.Socket;
  /** The HTTP status line of the server's answer. */
  readonly status: string;
  /** Resolves once the server closed the TCP connection. */
  readonly closed: Promise<void>;
  /** Bytes the server sent after its answer. */
  readonly received: () => Buffer;
}

/** Connects to `port` and sends an upgrade request to `path` (with `origin`); resolves with the server's answer. */
export function rawUpgrade(t: ExecutionContext, port: number, path = '/', origin?: string): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    t.teardown(() => socket.destroy());
    const chunks: Buffer[] = [];
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => undefined);
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (answered || end < 0) return;
      answered = true;
      chunks.length = 0;
      chunks.push(all.subarray(end + 4));
      resolve({ socket, status: all.subarray(0, all.indexOf('\r\n')).toString(), closed, received: () => Buffer.concat(chunks) });
    });
    socket.once('close', () => {
      if (!answered) resolve({ socket, status: '', closed, received: () => Buffer.concat(chunks) });
    });
    socket.once('connect', () => {
      const headers = [
        `GET ${path} HTTP/1.1`,
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...(origin === undefined ? [] : [`Origin: ${origin}`]),
      ];
      socket.write(`${headers.join('\r\n')}\r\n\r\n`);
    });
    socket.once('error', reject);
  });
}

/** A masked client frame header (RFC 6455 §5.2) for `opcode` with `fin`, announcing `length` payload bytes, with a zero mask. */
export function frameHeader(opcode: number, fin: boolean, length: number): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  if (length < 126) return Buffer.from([first, 0x80 | length, 0, 0, 0, 0]);
  if (length < 0x10000) return Buffer.from([first, 0x80 | 126, length >> 8, length & 0xff, 0, 0, 0, 0]);
  const header = Buffer.alloc(14);
  header[0] = first;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}
