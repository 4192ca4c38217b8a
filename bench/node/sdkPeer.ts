/** The SDK's echo server and client, written as a user would: blocking-mode `TcpSocket` and `Packet`. */
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import type { PeerSpec } from '../lib/spec.js';
import { EchoWindow, cpuMs, nowUs, payloadOf, ready, report } from './common.js';

/** Accepts one connection and echoes every packet until the peer closes. */
export async function sdkServer(spec: PeerSpec): Promise<void> {
  const listener = new TcpListener();
  if ((await listener.listen(0, IpAddress.parse(spec.host))).status !== SocketStatus.Done) throw new Error('listen failed');
  ready(listener.getLocalPort());
  const socket = new TcpSocket();
  if ((await listener.accept(socket)).status !== SocketStatus.Done) throw new Error('accept failed');
  void listener.close(); // resolves only once every accepted connection is closed (node:net)
  const cpu0 = cpuMs();
  const packet = new Packet();
  let packets = 0;
  while ((await socket.receive(packet)).status === SocketStatus.Done) {
    packets++;
    await socket.send(packet);
  }
  socket.disconnect();
  report('RESULT', { packets, cpuMs: cpuMs() - cpu0 });
}

/** Connects, keeps `inflight` packets in flight, and reports the window. */
export async function sdkClient(spec: PeerSpec): Promise<void> {
  const socket = new TcpSocket();
  if ((await socket.connect(IpAddress.parse(spec.host), spec.port)).status !== SocketStatus.Done) throw new Error('connect failed');
  const window = new EchoWindow(spec);
  const out = new Packet().append(payloadOf(spec.size));
  const reply = new Packet();
  for (let i = 0; i < spec.inflight; i++) await socket.send(out);
  let sentAt = nowUs();
  for (;;) {
    if ((await socket.receive(reply)).status !== SocketStatus.Done) throw new Error('receive failed');
    const now = nowUs();
    if (!window.done(now - sentAt)) break;
    sentAt = now;
    await socket.send(out);
  }
  report('RESULT', window.result());
  socket.disconnect();
}
