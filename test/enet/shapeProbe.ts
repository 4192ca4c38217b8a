/**
 * Run by shapes.test.ts in a new process with `--allow-natives-syntax`: connections whose values
 * V8 could not keep unboxed (an id of 2^31 or more, round-trip times that go down by less than 8
 * ms) are made between in-memory protocol pairs, with loss so that round-trip times move and
 * commands are resent, and ended, so that their slots are reset. It prints whether a peer state
 * made before them and one made after still share V8's hidden class (a field changing
 * representation gives every peer state a new one, and throws away the code optimised for the
 * old), and whether a reset slot's queues still hold objects (an emptied queue replaced by a new
 * `[]` holds small integers to V8, and the first command pushed deoptimises the code that queues).
 */
import { EnetPacketFlag } from '../../src/enet/EnetPeerState.js';
import { connected, pair } from './protocolPair.js';

const natives = (name: string): ((value: unknown, other?: unknown) => boolean) =>
  new Function('a', 'b', `return %${name}(a${name === 'HaveSameMap' ? ', b' : ''});`) as (value: unknown, other?: unknown) => boolean;
const haveSameMap = natives('HaveSameMap');
const hasObjectElements = natives('HasObjectElements');

const before = pair().server.protocol.peers[3]!; // made, never used
let random = 7;
const queuesHoldObjects: boolean[] = [];
for (const seed of [1, 0x7fffffff, 0xfffffff0]) {
  const p = pair(undefined, undefined, seed);
  const { slot, peer } = connected(p);
  p.lose = () => ((random = (random * 1103515245 + 12345) >>> 0) >>> 16) % 5 === 0; // 20%
  for (let i = 0; i < 300; i++) {
    peer.send(i % 2, new Uint8Array(64).fill(i), EnetPacketFlag.Reliable);
    p.run(5 + 5 * (i % 3));
  }
  p.lose = null;
  p.run(3000);
  peer.disconnect(0);
  p.run(3000);
  queuesHoldObjects.push(hasObjectElements(slot.sentReliableCommands), hasObjectElements(slot.outgoingCommands), hasObjectElements(slot.acknowledgements));
}
const after = pair().server.protocol.peers[3]!;
process.stdout.write(JSON.stringify({ sameHiddenClass: haveSameMap(before, after), queuesHoldObjects }));
