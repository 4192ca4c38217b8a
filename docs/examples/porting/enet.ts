/**
 * Reliable UDP with `EnetHost`, as in `docs/guides/reliable-udp.md`: a game server and client
 * with two channels (events reliable and ordered, positions unreliable and sequenced), and the
 * same client behind a seeded bad network. `test/docs/enet.test.ts` runs it over loopback.
 *
 * @module
 */
import {
  ConditionedDatagramTransport,
  EnetEventType,
  EnetHost,
  EnetPacketFlag,
  IpAddress,
  NodeDatagramTransport,
  Packet,
  SocketStatus,
  type SocketOptions,
} from '../../../src/index.js';

/** What the server saw: the events in the order they arrived, and the positions it kept. */
export interface Seen {
  readonly events: string[];
  readonly positions: number;
  readonly lastX: number;
}

/**
 * A server that runs until its one client disconnects: events are reliable on channel 0,
 * positions unreliable and sequenced on channel 1 (a late position is dropped, never applied out of order).
 *
 * @param onListening - called with the port once listening.
 */
export async function gameServer(onListening: (port: number) => void): Promise<Seen> {
  // #region enet-server
  const EVENTS = 0; // reliable, ordered: "door opened", "player died"
  const POSITIONS = 1; // unreliable, sequenced: only the newest matters
  const server = new EnetHost({ peerCount: 32, channelLimit: 2 }); // enet_host_create(&address, 32, 2, 0, 0)
  await server.listen(0, IpAddress.LocalHost);
  // #endregion enet-server
  onListening(server.getLocalPort());
  const events: string[] = [];
  let positions = 0;
  let lastX = -1;
  try {
    // #region enet-service
    for (;;) {
      const { status, event } = await server.service(1000); // enet_host_service(server, &event, 1000)
      if (status !== SocketStatus.Done || event === null) continue;
      if (event.type === EnetEventType.Connect) {
        await event.peer.send(EVENTS, new Packet().writeString('welcome'), EnetPacketFlag.Reliable);
      } else if (event.type === EnetEventType.Receive && event.channelID === EVENTS) {
        events.push(event.packet.readString()); // every one, once, in the order sent
      } else if (event.type === EnetEventType.Receive && event.channelID === POSITIONS) {
        const x = event.packet.readFloat(); // never older than the last one applied
        if (x <= lastX) throw new Error('a position arrived out of order');
        lastX = x;
        positions++;
      } else if (event.type === EnetEventType.Disconnect) {
        break;
      }
    }
    // #endregion enet-service
  } finally {
    server.close();
  }
  return { events, positions, lastX };
}

/**
 * A client that waits for the welcome, sends 50 positions and 10 events, then disconnects once they are delivered.
 *
 * @param port - the server's port.
 * @param options - services for the host (a conditioned transport in the test).
 * @returns the server's welcome text.
 */
export async function gameClient(port: number, options?: SocketOptions): Promise<string> {
  // #region enet-client
  const client = new EnetHost({ peerCount: 1 }, options); // enet_host_create(NULL, 1, 2, 0, 0)
  const { status, peer } = await client.connect(IpAddress.LocalHost, port, 2); // waits for the handshake
  if (status !== SocketStatus.Done || peer === null) throw new Error(`connect: ${status}`);
  let welcome = '';
  while (welcome === '') {
    const { event } = await client.service(5000); // the connect event, then the welcome
    if (event === null) throw new Error('no welcome');
    if (event.type === EnetEventType.Receive) welcome = event.packet.readString();
  }
  for (let tick = 0; tick < 50; tick++) {
    await peer.send(1, new Packet().writeFloat(tick).writeFloat(0)); // a position: unreliable, sequenced
    if (tick % 5 === 0) await peer.send(0, new Packet().writeString(`event ${tick / 5}`), EnetPacketFlag.Reliable);
  }
  peer.disconnectLater(); // after everything queued is acknowledged; what arrives from now on is dropped
  // #endregion enet-client
  for (;;) {
    const { event } = await client.service(5000);
    if (event === null) throw new Error('no disconnect');
    if (event.type === EnetEventType.Disconnect) break;
  }
  client.close();
  return welcome;
}

/** The services of a client behind a bad network: 20% loss, reordering and duplication, seeded. */
export function badNetwork(seed: number): SocketOptions {
  // #region enet-conditioner
  const datagramTransport = new ConditionedDatagramTransport(new NodeDatagramTransport(), {
    seed, // the same seed replays the same losses
    loss: 0.2,
    reorder: 0.1,
    duplicate: 0.1,
    latencyMs: 20,
    jitterMs: 10,
  });
  const options = { datagramTransport }; // new EnetHost({ peerCount: 1 }, options)
  // #endregion enet-conditioner
  return options;
}
