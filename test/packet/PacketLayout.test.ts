import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import fc from 'fast-check';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { PacketLayout, type FieldKind, type LayoutFields, type LayoutMessage } from '../../src/packet/PacketLayout.js';
import { connectedPair } from '../helpers/loopback.js';
import { kinds, type KindName } from './packetKinds.js';

const names = Object.keys(kinds) as KindName[];
const kindOf = (name: KindName): FieldKind => (name === 'UTF' ? 'utf' : `${name[0]?.toLowerCase() ?? ''}${name.slice(1)}`) as FieldKind;

/** A random layout: fields f0..fn of random kinds, each with one of its kind's test values. */
const layouts = fc
  .array(fc.constantFrom(...names), { minLength: 1, maxLength: 8 })
  .chain((picked) => fc.tuple(fc.constant(picked), fc.tuple(...picked.map((name) => fc.constantFrom(...kinds[name].values)))));

function declare(picked: readonly KindName[]): LayoutFields {
  return Object.fromEntries(picked.map((name, i) => [`f${i}`, kindOf(name)]));
}

function messageOf(values: readonly unknown[]): LayoutMessage<LayoutFields> {
  return Object.fromEntries(values.map((value, i) => [`f${i}`, value])) as LayoutMessage<LayoutFields>;
}

/** Writes the values with the Packet methods, as SFML's `packet << a << b` does. */
function byCalls(picked: readonly KindName[], values: readonly unknown[]): Packet {
  const packet = new Packet();
  picked.forEach((name, i) => kinds[name].write(packet, values[i] as never));
  return packet;
}

const bytes = (packet: Packet): number[] => [...packet.getData()];
const truncated = (packet: Packet, length: number): Packet => new Packet().append(packet.getData().subarray(0, length));

test('every kind in any order writes the bytes of the matching Packet calls and reads them back', (t) => {
  fc.assert(
    fc.property(layouts, ([picked, values]) => {
      const layout = new PacketLayout(declare(picked));
      const packet = layout.write(new Packet(), messageOf(values));
      const reference = byCalls(picked, values);
      t.deepEqual(bytes(packet), bytes(reference));
      t.deepEqual(Object.values(layout.read(packet)), picked.map((name) => kinds[name].read(reference)));
      t.true(packet.isValid() && packet.endOfPacket());
    }),
    { numRuns: 300 },
  );
});

test('a short packet fails at the same field, position and values as the Packet calls', (t) => {
  fc.assert(
    fc.property(layouts, fc.nat(), ([picked, values], cut) => {
      const whole = byCalls(picked, values);
      const length = cut % (whole.getDataSize() + 1);
      const viaLayout = truncated(whole, length);
      const message = new PacketLayout(declare(picked)).read(viaLayout);
      const viaCalls = truncated(whole, length);
      const expected = picked.map((name) => kinds[name].read(viaCalls));
      t.deepEqual(Object.values(message), expected);
      t.is(viaLayout.isValid(), viaCalls.isValid());
      t.is(viaLayout.getReadPosition(), viaCalls.getReadPosition());
    }),
    { numRuns: 300 },
  );
});

const Move = new PacketLayout({ id: 'uint32', x: 'float', y: 'float', z: 'float', flags: 'uint8', name: 'string' });
const move = { id: 123456, x: 1.5, y: -2.25, z: 3, flags: 5, name: 'player-0042' };

test('a game message round-trips, into a new object or the given one', (t) => {
  const packet = Move.write(new Packet(), move);
  t.is(packet.getDataSize(), Move.fixedSize + move.name.length);
  t.deepEqual(Move.read(packet), move);
  packet.clear();
  Move.write(packet, move);
  const target = { id: 0, x: 0, y: 0, z: 0, flags: 0, name: '' };
  t.is(Move.read(packet, target), target);
  t.deepEqual(target, move);
});

test('a packet already invalid reads every field as empty', (t) => {
  const broken = new Packet();
  broken.readUint8(); // nothing to read: the packet becomes invalid
  Move.write(broken, move);
  t.deepEqual(Move.read(broken), { id: 0, x: 0, y: 0, z: 0, flags: 0, name: '' });
  t.false(broken.isValid());
});

test('a bad value throws naming the field, and nothing is written', (t) => {
  const packet = new Packet().writeUint8(9);
  const error = t.throws(() => Move.write(packet, { ...move, flags: 256 }), { instanceOf: RangeError });
  t.regex(error.message, /writeUint8 \(PacketLayout field "flags"\): 256 is not an integer from 0 to 255/);
  t.throws(() => Move.write(packet, { ...move, name: 5 as unknown as string }), { instanceOf: TypeError, message: /field "name".*expected a string, got number/ });
  t.throws(() => Move.write(packet, { ...move, x: '1' as unknown as number }), { instanceOf: TypeError, message: /field "x"/ });
  t.throws(() => new PacketLayout({ n: 'int64' }).write(packet, { n: 2n ** 63n }), { instanceOf: RangeError, message: /field "n"/ });
  t.deepEqual(bytes(packet), [9]);
});

test('misuse throws TypeError: not a packet, not a message, unknown kinds, unordered names', (t) => {
  t.throws(() => Move.write({} as Packet, move), { instanceOf: TypeError, message: /expected a Packet/ });
  t.throws(() => Move.read(Uint8Array.of(1) as unknown as Packet), { instanceOf: TypeError, message: /expected a Packet/ });
  t.throws(() => Move.write(new Packet(), null as unknown as typeof move), { instanceOf: TypeError, message: /message object/ });
  t.throws(() => new PacketLayout({ a: 'uint24' as FieldKind }), { instanceOf: TypeError, message: /unknown kind "uint24"/ });
  t.throws(() => new PacketLayout({ 0: 'uint8' }), { instanceOf: TypeError, message: /"0" is not allowed/ });
  t.throws(() => new PacketLayout(JSON.parse('{"__proto__": "uint8"}') as LayoutFields), { instanceOf: TypeError, message: /__proto__/ });
  t.throws(() => new PacketLayout(null as unknown as LayoutFields), { instanceOf: TypeError });
});

test('field names are data, never code: quotes, newlines and keywords work', (t) => {
  const fields = { 'a"b': 'uint8', "c'\nd": 'string', constructor: 'bool', '}); throw 1; ({': 'int16' } as const;
  const odd = new PacketLayout(fields);
  const message = { 'a"b': 1, "c'\nd": 'x', constructor: true, '}); throw 1; ({': -2 };
  t.deepEqual(odd.read(odd.write(new Packet(), message)), message);
  t.deepEqual(odd.fields, fields);
  t.true(Object.isFrozen(odd.fields));
});

test('without code generation (--disallow-code-generation-from-strings) a layout writes the same bytes', (t) => {
  const layoutUrl = new URL('../../src/packet/PacketLayout.js', import.meta.url).href;
  const packetUrl = new URL('../../src/packet/Packet.js', import.meta.url).href;
  const script = `
    const { PacketLayout } = await import(${JSON.stringify(layoutUrl)});
    const { Packet } = await import(${JSON.stringify(packetUrl)});
    const layout = new PacketLayout({ id: 'uint32', x: 'float', name: 'string', big: 'int64' });
    const packet = layout.write(new Packet(), { id: 7, x: 1.5, name: 'hé', big: -3n });
    const back = layout.read(packet);
    console.log(JSON.stringify({ bytes: [...packet.getData()], back: { ...back, big: String(back.big) } }));`;
  const cwd = fileURLToPath(new URL('.', import.meta.url));
  const out = execFileSync(process.execPath, ['--disallow-code-generation-from-strings', '--input-type=module', '-e', script], { cwd }).toString();
  const expected = new Packet().writeUint32(7).writeFloat(1.5).writeString('hé').writeInt64(-3n);
  t.deepEqual(JSON.parse(out), { bytes: bytes(expected), back: { id: 7, x: 1.5, name: 'hé', big: '-3' } });
});

test('a layout written on one socket is read on the other over TCP', async (t) => {
  const { client, server } = await connectedPair(t);
  t.is((await client.send(Move.write(new Packet(), move))).status, SocketStatus.Done);
  const received = new Packet();
  t.is((await server.receive(received)).status, SocketStatus.Done);
  t.deepEqual(Move.read(received), move);
});
