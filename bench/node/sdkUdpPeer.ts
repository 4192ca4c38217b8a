/** The SDK's UDP echo server and ping-pong client: blocking-mode `UdpSocket` with `Packet`s. */
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { UdpSocket } from '../../src/udp/UdpSocket.js';
import type { PeerSpec } from '../lib/spec.js';
import { EchoWindow, cpuMs, nowUs, payloadOf, ready, report } from './common.js';
import { STOP_SIZE } from './udpPeer.js';

/** Echoes datagrams until a stop datagram arrives. */
export async function sdkUdpServer(spec: PeerSpec): Promise<void> {
  const socket = new UdpSocket();
  if ((await socket.bind(0, IpAddress.parse(spec.host))).status !== SocketStatus.Done) throw new Error('bind failed');
  ready(socket.getLocalPort());
  const packet = new Packet();
  let packets = 0;
  let cpu0 = -1;
  for (;;) {
    const { status, address, port } = await socket.receive(packet);
    if (cpu0 < 0) cpu0 = cpuMs();
    if (status !== SocketStatus.Done || address === null || packet.getDataSize() === STOP_SIZE) break;
    packets++;
    await socket.send(packet, address, port);
  }
  report('RESULT', { packets, cpuMs: cpuMs() - cpu0 });
  await socket.close();
}

/**
 * Ping-pong with one datagram in flight; a datagram lost for 200 ms is sent again. Connected to
 * the server, as the raw client is.
 */
export async function sdkUdpClient(spec: PeerSpec): Promise<void> {
  const socket = new UdpSocket();
  const server = IpAddress.parse(spec.host);
  if ((await socket.bind(0, server)).status !== SocketStatus.Done) throw new Error('bind failed');
  if ((await socket.connect(server, spec.port)).status !== SocketStatus.Done) throw new Error('connect failed');
  const window = new EchoWindow(spec);
  const out = new Packet().append(payloadOf(spec.size));
  const reply = new Packet();
  let progress = 0;
  let seen = 0;
  let lost = 0;
  const watchdog = setInterval(() => {
    if (progress === seen) {
      lost++;
      void socket.send(out);
    }
    seen = progress;
  }, 200);
  let sentAt = nowUs();
  await socket.send(out);
  for (;;) {
    if ((await socket.receive(reply)).status !== SocketStatus.Done) throw new Error('receive failed');
    progress++;
    const now = nowUs();
    if (!window.done(now - sentAt)) break;
    sentAt = now;
    await socket.send(out);
  }
  clearInterval(watchdog);
  report('RESULT', window.result({ lost }));
  await socket.send(new Uint8Array(STOP_SIZE));
  await socket.close();
}
