/** The raw `node:dgram` UDP echo server and ping-pong client. */
import dgram from 'node:dgram';
import type { PeerSpec } from '../lib/spec.js';
import { EchoWindow, cpuMs, nowUs, payloadOf, ready, report } from './common.js';

/** A datagram of this many bytes tells the server the run is over. */
export const STOP_SIZE = 1;

/** Echoes datagrams until a stop datagram arrives. */
export function udpRawServer(spec: PeerSpec): void {
  const socket = dgram.createSocket(spec.host.includes(':') ? 'udp6' : 'udp4');
  let packets = 0;
  let cpu0 = -1;
  socket.on('message', (message, remote) => {
    if (cpu0 < 0) cpu0 = cpuMs();
    if (message.length === STOP_SIZE) {
      report('RESULT', { packets, cpuMs: cpuMs() - cpu0 });
      socket.close();
      return;
    }
    packets++;
    socket.send(message, remote.port, remote.address);
  });
  socket.bind(0, spec.host, () => ready(socket.address().port));
}

/** Ping-pong with one datagram in flight; a datagram lost for 200 ms is sent again. */
export function udpRawClient(spec: PeerSpec): void {
  const socket = dgram.createSocket(spec.host.includes(':') ? 'udp6' : 'udp4');
  const window = new EchoWindow(spec);
  const payload = payloadOf(spec.size);
  let sentAt = 0;
  let progress = 0;
  let seen = 0;
  let lost = 0;
  const watchdog = setInterval(() => {
    if (progress !== seen) {
      seen = progress;
      return;
    }
    lost++;
    socket.send(payload);
  }, 200);
  socket.on('message', () => {
    progress++;
    const now = nowUs();
    if (!window.done(now - sentAt)) {
      clearInterval(watchdog);
      report('RESULT', window.result({ lost }));
      socket.send(new Uint8Array(STOP_SIZE), () => socket.close());
      return;
    }
    sentAt = nowUs();
    socket.send(payload);
  });
  socket.connect(spec.port, spec.host, () => {
    sentAt = nowUs();
    socket.send(payload);
  });
}
