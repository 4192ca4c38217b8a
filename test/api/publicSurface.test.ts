import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import * as browser from '../../src/browser/index.js';
import * as di from '../../src/di/index.js';
import * as sdk from '../../src/index.js';

const distSrc = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every declaration file reachable from the public entries through relative imports. */
function reachableDeclarations(): Map<string, string> {
  const seen = new Map<string, string>();
  const queue = [join(distSrc, 'index.d.ts'), join(distSrc, 'di/index.d.ts'), join(distSrc, 'browser/index.d.ts')];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const match of text.matchAll(/from '(\.[^']+)\.js'/g)) queue.push(join(dirname(file), `${match[1]}.d.ts`));
  }
  return seen;
}

test('no node:net, node:dgram or other Node type appears in the public declarations', (t) => {
  const files = reachableDeclarations();
  t.true(files.size > 10);
  for (const [file, text] of files) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    t.false(/from 'node:|NodeJS\.|\bBuffer\b/.test(code), `${file.slice(distSrc.length)} exposes a Node type`);
  }
});

test('the public entry names what SFML and java.net users look for', (t) => {
  const names = ['TcpSocket', 'TcpListener', 'UdpSocket', 'SocketSelector', 'Packet', 'IpAddress', 'SocketStatus', 'SecurityManager', 'SecurityError', 'SocketError'];
  for (const name of names) t.true(name in sdk, name);
  for (const name of ['createContainer', 'createSdkModule', 'Tokens']) {
    t.true(name in di, `sfnet/di exports ${name}`);
    t.false(name in sdk, `sfnet leaves ${name} to sfnet/di`);
  }
  t.deepEqual(Object.values(sdk.SocketStatus), ['Done', 'NotReady', 'Partial', 'Disconnected', 'Error']);
});

test('the public entry names the PROXY protocol pieces', (t) => {
  for (const name of ['ProxyProtocolTransport', 'parseProxyHeader', 'encodeProxyHeader']) t.true(name in sdk, name);
  t.is(typeof sdk.DEFAULT_LIMITS.maxProxyHeaderSize, 'number');
  t.is(typeof sdk.DEFAULT_LIMITS.proxyHeaderQueueSize, 'number');
});

test("the public entry names sf::Dns's service and Java's data streams; sfnet/di binds Dns", (t) => {
  for (const name of ['Dns', 'NodeResolver', 'isDnsResolver', 'DataInputStream', 'DataOutputStream']) t.true(name in sdk, name);
  t.is(typeof di.Tokens.Dns, 'symbol');
  t.true(di.createContainer().get(di.Tokens.Dns) instanceof sdk.Dns);
});

test('the public entry names send readiness and the heartbeat options (issue #23)', (t) => {
  t.deepEqual(Object.values(sdk.ReadinessType), ['Receive', 'Send', 'Either']);
  for (const method of ['getQueuedBytes', 'waitForDrain', 'setSoLinger', 'getSoLinger', 'shutdownInput', 'isInputShutdown', 'setSendBufferSize', 'getSendBufferSize', 'setReceiveBufferSize', 'getReceiveBufferSize', 'setHeartbeat', 'getHeartbeat', 'getKeepAliveDelay']) {
    t.is(typeof (sdk.TcpSocket.prototype as unknown as Record<string, unknown>)[method], 'function', `TcpSocket.${method}`);
  }
  t.is(typeof sdk.SocketSelector.prototype.dispatchReadyCallbacks, 'function');
  t.is(sdk.DEFAULT_LIMITS.sendHighWaterMark, 1024 * 1024);
  t.is(sdk.DEFAULT_LIMITS.sendLowWaterMark, 256 * 1024);
});

test('WebSocket: the transport and its policy types are public; sfnet/browser names the browser client and the packet types', (t) => {
  t.true('NodeWebSocketTransport' in sdk);
  t.deepEqual(Object.keys(browser).sort(), ['BrowserSocket', 'Packet', 'PacketLayout', 'SocketError', 'SocketStatus']);
  t.is(browser.Packet, sdk.Packet, 'one Packet class for both entries');
  t.false('TcpSocket' in browser, 'no Node socket in the browser entry');
});

test('the public entry names the ENet host, its peer, events and flags, and the UDP relay', (t) => {
  for (const name of ['EnetHost', 'EnetPeer', 'EnetPeerState', 'EnetPacketFlag', 'EnetEventType', 'UdpRelay']) t.true(name in sdk, name);
  t.deepEqual(Object.values(sdk.EnetEventType), ['connect', 'disconnect', 'receive']);
  t.is(sdk.EnetPacketFlag.Reliable, 1, "ENet's ENET_PACKET_FLAG_RELIABLE");
  t.is(sdk.EnetPeerState.Zombie, 9, "ENet's ENET_PEER_STATE_ZOMBIE");
});
