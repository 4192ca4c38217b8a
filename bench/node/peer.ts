/**
 * Entry of the Node benchmark processes: `node peer.js <sdk|raw|ws> <spec arguments>`
 * (see `../lib/spec.ts`). Each process exits by itself, at the latest after its time limit.
 */
import { parseSpec, type PeerSpec } from '../lib/spec.js';
import { hardExit, lifetimeMs } from './common.js';
import { rawIdleServer, sdkIdleServer, wsIdleServer } from './idlePeer.js';
import { rawClient, rawServer } from './rawPeer.js';
import { sdkClient, sdkServer } from './sdkPeer.js';
import { sdkUdpClient, sdkUdpServer } from './sdkUdpPeer.js';
import { udpRawClient, udpRawServer } from './udpPeer.js';
import { wsClient, wsServer } from './wsPeer.js';
import { NodeWebSocketTransport } from '../../src/platform/node/NodeWebSocketTransport.js';

/** The SDK over WebSocket: the same peers with `NodeWebSocketTransport` (one packet a binary message). */
const overWs = { streamTransport: new NodeWebSocketTransport() };

type Entry = (spec: PeerSpec) => void | Promise<void>;

const ENTRIES: Record<string, Entry | undefined> = {
  'sdk server pingpong': sdkServer,
  'sdk client pingpong': sdkClient,
  'sdk server pipeline': sdkServer,
  'sdk client pipeline': sdkClient,
  'sdk server udp': sdkUdpServer,
  'sdk client udp': sdkUdpClient,
  'sdk server idle': sdkIdleServer,
  'raw server pingpong': rawServer,
  'raw client pingpong': rawClient,
  'raw server pipeline': rawServer,
  'raw client pipeline': rawClient,
  'raw server udp': udpRawServer,
  'raw client udp': udpRawClient,
  'raw server idle': rawIdleServer,
  'sdk server handshake': sdkServer,
  'sdk client handshake': sdkClient,
  'raw server handshake': rawServer,
  'raw client handshake': rawClient,
  'ws server pingpong': wsServer,
  'ws client pingpong': wsClient,
  'ws server pipeline': wsServer,
  'ws client pipeline': wsClient,
  'ws server idle': wsIdleServer,
  'sdkws server pingpong': (spec) => sdkServer(spec, overWs),
  'sdkws client pingpong': (spec) => sdkClient(spec, overWs),
  'sdkws server pipeline': (spec) => sdkServer(spec, overWs),
  'sdkws client pipeline': (spec) => sdkClient(spec, overWs),
  'sdkws server idle': (spec) => sdkIdleServer(spec, overWs),
};

const impl = process.argv[2] ?? '';
const spec = parseSpec(process.argv.slice(3));
const entry = ENTRIES[`${impl} ${spec.role} ${spec.kase}`];
if (entry === undefined) throw new Error(`no ${impl} ${spec.role} for ${spec.kase}`);
hardExit(lifetimeMs(spec));
Promise.resolve(entry(spec)).catch((error: unknown) => {
  process.stderr.write(`${impl} ${spec.role}: ${String(error)}\n`);
  process.exit(1);
});
