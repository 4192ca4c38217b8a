import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import * as di from '../../src/di/index.js';
import * as sdk from '../../src/index.js';

const distSrc = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

/** Every declaration file reachable from the public entries through relative imports. */
function reachableDeclarations(): Map<string, string> {
  const seen = new Map<string, string>();
  const queue = [join(distSrc, 'index.d.ts'), join(distSrc, 'di/index.d.ts')];
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

test('the public entry names the ENet host, its peer, events and flags, and the UDP relay', (t) => {
  for (const name of ['EnetHost', 'EnetPeer', 'EnetPeerState', 'EnetPacketFlag', 'EnetEventType', 'UdpRelay']) t.true(name in sdk, name);
  t.deepEqual(Object.values(sdk.EnetEventType), ['connect', 'disconnect', 'receive']);
  t.is(sdk.EnetPacketFlag.Reliable, 1, "ENet's ENET_PACKET_FLAG_RELIABLE");
  t.is(sdk.EnetPeerState.Zombie, 9, "ENet's ENET_PEER_STATE_ZOMBIE");
});
