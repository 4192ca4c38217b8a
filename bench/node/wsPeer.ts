/** The `ws` (WebSocket, binary, no compression) echo server and client. */
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import type { PeerSpec } from '../lib/spec.js';
import { EchoPump, cpuMs, payloadOf, ready, report } from './common.js';

/** Accepts one connection and echoes every message until the peer closes. */
export function wsServer(spec: PeerSpec): void {
  const server = new WebSocketServer({ host: spec.host, port: 0, perMessageDeflate: false, backlog: 4096 });
  server.on('listening', () => ready((server.address() as AddressInfo).port));
  server.on('connection', (socket) => {
    server.close();
    const cpu0 = cpuMs();
    let packets = 0;
    socket.on('message', (data: Buffer) => {
      packets++;
      socket.send(data, { binary: true });
    });
    socket.on('error', () => undefined);
    socket.on('close', () => report('RESULT', { packets, cpuMs: cpuMs() - cpu0 }));
  });
}

/** Connects, keeps `inflight` messages in flight, and reports the window. */
export function wsClient(spec: PeerSpec): void {
  const host = spec.host.includes(':') ? `[${spec.host}]` : spec.host;
  const socket = new WebSocket(`ws://${host}:${spec.port}/`, { perMessageDeflate: false });
  socket.binaryType = 'nodebuffer';
  const payload = payloadOf(spec.size);
  const pump = new EchoPump(spec, () => socket.send(payload, { binary: true }), () => socket.close());
  socket.on('message', () => pump.reply());
  socket.on('error', (error) => {
    process.stderr.write(`ws client: ${error.message}\n`);
    process.exitCode = 1;
  });
  socket.on('open', () => pump.start());
}
