/** The raw `node:net` echo server and clients (the ceiling the SDK is measured against). */
import net from 'node:net';
import type { PeerSpec } from '../lib/spec.js';
import { EchoPump, cpuMs, payloadOf, ready, report } from './common.js';
import { RawFramer } from './RawFramer.js';

/** Accepts one connection and echoes every frame until the peer closes. */
export function rawServer(spec: PeerSpec): void {
  const server = net.createServer((socket) => {
    server.close();
    const cpu0 = cpuMs();
    let packets = 0;
    const framer = new RawFramer(socket, (payload) => {
      packets++;
      framer.send(payload);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => report('RESULT', { packets, cpuMs: cpuMs() - cpu0 }));
  });
  server.listen({ port: 0, host: spec.host, backlog: 4096 }, () => ready((server.address() as net.AddressInfo).port));
}

/** Connects, keeps `inflight` packets in flight, and reports the window. */
export function rawClient(spec: PeerSpec): void {
  const socket = net.connect({ port: spec.port, host: spec.host });
  const payload = payloadOf(spec.size);
  const pump = new EchoPump(spec, () => framer.send(payload), () => {
    framer.flush();
    socket.end();
  });
  const framer = new RawFramer(socket, () => pump.reply());
  socket.on('error', (error) => {
    process.stderr.write(`raw client: ${error.message}\n`);
    process.exitCode = 1;
  });
  socket.on('connect', () => pump.start());
}
