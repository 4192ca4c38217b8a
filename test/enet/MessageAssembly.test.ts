import test from 'ava';
import { MessageAssembly } from '../../src/enet/MessageAssembly.js';

test('fragments in any order, duplicates ignored, make the message', (t) => {
  const message = new MessageAssembly(9, 3);
  t.true(message.add(2, 6, Uint8Array.of(7, 8, 9)));
  t.true(message.add(0, 0, Uint8Array.of(1, 2, 3)));
  t.false(message.add(2, 6, Uint8Array.of(0, 0, 0)), 'a fragment seen before is ignored');
  t.true(message.add(1, 3, Uint8Array.of(4, 5, 6)));
  t.deepEqual([...message.bytes()], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test('the fragments are copied: the datagram they came in may be reused', (t) => {
  const message = new MessageAssembly(4, 2);
  const datagram = Buffer.from([1, 2]);
  message.add(0, 0, datagram);
  datagram.fill(0);
  message.add(1, 2, Uint8Array.of(3, 4));
  t.deepEqual([...message.bytes()], [1, 2, 3, 4]);
});

test('a large total is allocated only once half of it (bookkeeping counted) has arrived; duplicates are still told apart after', (t) => {
  const total = 1024 * 1024;
  const fragment = new Uint8Array(1024).fill(5);
  const message = new MessageAssembly(total, total / 1024);
  const before = process.memoryUsage().arrayBuffers;
  for (let i = 0; i < 100; i++) message.add(i, i * 1024, fragment);
  t.true(process.memoryUsage().arrayBuffers - before < total / 2, 'a tenth arrived: no whole message yet');
  for (let i = 100; i < 1024; i++) message.add(i, i * 1024, fragment);
  t.false(message.add(5, 5 * 1024, new Uint8Array(1024)), 'after gathering, a duplicate is still ignored');
  const bytes = message.bytes();
  t.is(bytes.length, total);
  t.true(bytes.every((byte) => byte === 5));
});
