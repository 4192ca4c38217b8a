/**
 * Packet encode + decode of a game message in SFML's layout (uint32 id, 3 floats position,
 * 3 floats velocity, uint8 flags, a short name string): the SDK's `PacketLayout` (`sdk`), the same
 * message with one `Packet` call per field (`sdk-calls`), and hand-written DataView code.
 * Usage: `node codec.js <sdk|sdk-calls|dataview> <durationMs> <maxOps>`; prints `RESULT`.
 */
import { Packet } from '../../src/packet/Packet.js';
import { PacketLayout } from '../../src/packet/PacketLayout.js';
import { cpuMs, report } from './common.js';

/** The message both codecs carry. */
interface Message {
  id: number;
  x: number;
  y: number;
  z: number;
  vx: number;
  vy: number;
  vz: number;
  flags: number;
  name: string;
}

const sent: Message = { id: 123456, x: 1.5, y: -2.25, z: 3, vx: 0.5, vy: 0, vz: -1, flags: 5, name: 'player-0042' };
const got: Message = { id: 0, x: 0, y: 0, z: 0, vx: 0, vy: 0, vz: 0, flags: 0, name: '' };

const packet = new Packet();

const Move = new PacketLayout({
  id: 'uint32',
  x: 'float',
  y: 'float',
  z: 'float',
  vx: 'float',
  vy: 'float',
  vz: 'float',
  flags: 'uint8',
  name: 'string',
});

/** One round with a PacketLayout: write the message into a packet, read it back. */
function layoutRound(m: Message): number {
  packet.clear();
  Move.write(packet, m);
  Move.read(packet, got);
  return packet.isValid() ? got.id + got.name.length : -1;
}

/** One round with one Packet call per field, as SFML's `packet << id << x` reads. */
function callsRound(m: Message): number {
  packet.clear();
  packet.writeUint32(m.id).writeFloat(m.x).writeFloat(m.y).writeFloat(m.z);
  packet.writeFloat(m.vx).writeFloat(m.vy).writeFloat(m.vz).writeUint8(m.flags).writeString(m.name);
  got.id = packet.readUint32();
  got.x = packet.readFloat();
  got.y = packet.readFloat();
  got.z = packet.readFloat();
  got.vx = packet.readFloat();
  got.vy = packet.readFloat();
  got.vz = packet.readFloat();
  got.flags = packet.readUint8();
  got.name = packet.readString();
  return packet.isValid() ? got.id + got.name.length : -1;
}

const buffer = new ArrayBuffer(256);
const view = new DataView(buffer);
const bytes = new Uint8Array(buffer);

/** One round with hand-written DataView code and a char loop for the (ASCII) name. */
function dataViewRound(m: Message): number {
  view.setUint32(0, m.id);
  view.setFloat32(4, m.x, true);
  view.setFloat32(8, m.y, true);
  view.setFloat32(12, m.z, true);
  view.setFloat32(16, m.vx, true);
  view.setFloat32(20, m.vy, true);
  view.setFloat32(24, m.vz, true);
  view.setUint8(28, m.flags);
  const name = m.name;
  view.setUint32(29, name.length);
  for (let i = 0; i < name.length; i++) bytes[33 + i] = name.charCodeAt(i);
  const size = 33 + name.length;
  got.id = view.getUint32(0);
  got.x = view.getFloat32(4, true);
  got.y = view.getFloat32(8, true);
  got.z = view.getFloat32(12, true);
  got.vx = view.getFloat32(16, true);
  got.vy = view.getFloat32(20, true);
  got.vz = view.getFloat32(24, true);
  got.flags = view.getUint8(28);
  const length = view.getUint32(29);
  let text = '';
  for (let i = 0; i < length && 33 + i < size; i++) text += String.fromCharCode(bytes[33 + i] as number);
  got.name = text;
  return got.id + got.name.length;
}

const rounds: Record<string, (m: Message) => number> = { sdk: layoutRound, 'sdk-calls': callsRound, dataview: dataViewRound };
const round = rounds[process.argv[2] ?? ''];
if (round === undefined) throw new Error(`unknown codec ${process.argv[2]}`);
const durationMs = Number(process.argv[3]);
const maxOps = Number(process.argv[4]);
// Warm-up: let the JIT settle before the window.
let check = 0;
for (let i = 0; i < 200_000 && i < maxOps; i++) check += round(sent);
const cpu0 = cpuMs();
const t0 = performance.now();
let ops = 0;
let elapsed = 0;
do {
  for (let i = 0; i < 10_000 && ops < maxOps; i++, ops++) check += round(sent);
  elapsed = performance.now() - t0;
} while (elapsed < durationMs && ops < maxOps);
if (got.name !== sent.name || got.id !== sent.id || got.vz !== sent.vz) throw new Error('codec round trip is wrong');
report('RESULT', { ops, elapsedMs: elapsed, cpuMs: cpuMs() - cpu0, check });
