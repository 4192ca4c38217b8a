/** MessageQueue: FIFO order across its head field and its list, partial raw reads, byte counts and flow control. */
import test from 'ava';
import { MessageQueue } from '../../src/tcp/MessageQueue.js';
import type { StreamConnection } from '../../src/transport/StreamConnection.js';

/** A connection that only counts pauses and resumes. */
function counting(): { connection: StreamConnection; pauses: () => number; resumes: () => number } {
  let pauses = 0;
  let resumes = 0;
  const connection = { pause: () => pauses++, resume: () => resumes++ } as unknown as StreamConnection;
  return { connection, pauses: () => pauses, resumes: () => resumes };
}

test('messages come out in order, one at a time and in bursts longer than the list is compacted at', (t) => {
  const queue = new MessageQueue(counting().connection, 1 << 30);
  t.is(queue.count, 0);
  let next = 0;
  let taken = 0;
  for (const burst of [1, 2, 1, 70, 3, 200, 1]) {
    for (let i = 0; i < burst; i++) queue.push(Uint8Array.of(next++ & 0xff, 7));
    t.is(queue.count, burst);
    t.is(queue.length, burst * 2);
    // Take all but one, push one more, then take the rest: the head and the list stay in order.
    for (let i = 0; i < burst - 1; i++) t.is(queue.take()[0], taken++ & 0xff);
    queue.push(Uint8Array.of(next++ & 0xff, 7));
    t.is(queue.count, 2);
    t.is(queue.take()[0], taken++ & 0xff);
    t.is(queue.take()[0], taken++ & 0xff);
    t.is(queue.count, 0);
    t.is(queue.length, 0);
  }
});

test('takeBytes reads from the head message only; the rest of it stays at the head', (t) => {
  const queue = new MessageQueue(counting().connection, 1 << 30);
  queue.push(Uint8Array.of(1, 2, 3, 4, 5));
  queue.push(Uint8Array.of(6, 7));
  t.deepEqual([...queue.takeBytes(2)], [1, 2]);
  t.is(queue.headSize, 3);
  t.is(queue.length, 5);
  t.deepEqual([...queue.takeBytes(10)], [3, 4, 5], 'never across into the next message');
  t.deepEqual([...queue.take()], [6, 7]);
  t.is(queue.count, 0);
  queue.push(Uint8Array.of(8));
  queue.push(Uint8Array.of(9));
  queue.clear();
  t.is(queue.count, 0);
  t.is(queue.length, 0);
  queue.push(Uint8Array.of(10));
  t.deepEqual([...queue.take()], [10], 'usable after clear');
});

test('flow control: paused at the limit with no receive waiting, resumed once half is free', (t) => {
  const { connection, pauses, resumes } = counting();
  const queue = new MessageQueue(connection, 100);
  queue.push(new Uint8Array(60));
  queue.flow(false);
  t.is(pauses(), 0);
  queue.push(new Uint8Array(60));
  queue.flow(false);
  t.is(pauses(), 1);
  queue.take();
  queue.flow(false);
  t.is(resumes(), 0, '60 bytes left: more than half');
  queue.push(new Uint8Array(0));
  queue.take();
  queue.flow(false);
  t.is(resumes(), 1, 'only the empty message left: resumed');
  t.is(queue.count, 1);
  t.is(queue.take().length, 0);
});
