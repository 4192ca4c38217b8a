/**
 * The `written` callback of NodeStreamConnection's `write`, on every Node version the project
 * supports: the SDK reuses an output buffer once it fires (src/tcp/OutputPool.ts), so it must fire
 * only once node:net holds the bytes no longer.
 */
import type net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { NodeStreamTransport } from '../../src/platform/node/NodeStreamTransport.js';
import type { StreamConnection } from '../../src/transport/StreamTransport.js';
import { HOSTS, rawServer, settle } from '../helpers/loopback.js';

/** A NodeStreamConnection to a raw peer, both closed at teardown. */
async function connected(t: ExecutionContext, host: string): Promise<{ connection: StreamConnection; peer: net.Socket }> {
  const server = await rawServer(t, host);
  const connection = await new NodeStreamTransport().connect({ host, port: server.port });
  t.teardown(() => connection.destroy());
  connection.attach({ data: () => undefined, end: () => undefined, close: () => undefined, drain: () => undefined });
  return { connection, peer: await server.next() };
}

const CHUNK = 1024 * 1024;
const CHUNKS = 32; // more than loopback's kernel buffers take, so writes wait in node:net

const writtenAfterNodeLetsGo = test.macro({
  exec: async (t, host: string) => {
    const { connection, peer } = await connected(t, host);
    peer.pause();
    // What node:net still held when each write was reported written.
    const heldAtReport: number[] = [];
    const all = new Promise<void>((resolve) => {
      for (let i = 0; i < CHUNKS; i++) {
        connection.write(new Uint8Array(CHUNK).fill(i), () => {
          heldAtReport[i] = connection.bufferedAmount;
          if (heldAtReport.filter((held) => held !== undefined).length === CHUNKS) resolve();
        });
      }
    });
    await settle();
    t.true(heldAtReport.length < CHUNKS, 'writes wait behind the peer that does not read');
    peer.resume();
    await all;
    for (let i = 0; i < CHUNKS; i++) {
      t.true((heldAtReport[i] as number) <= (CHUNKS - 1 - i) * CHUNK, `write ${i} reported while node:net held ${heldAtReport[i]} bytes`);
    }
  },
  title: (_, host) => `a write is reported written only once node:net holds none of its bytes over ${host}`,
});
for (const host of HOSTS) test(writtenAfterNodeLetsGo, host);

test('close over a Unix socket whose peer never reads: after the linger time the connection is destroyed, not reset (node:net cannot reset a Unix handle)', async (t) => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-linger-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const transport = new NodeStreamTransport();
  const accepted: StreamConnection[] = [];
  const listened = { host: '', port: 0, backlog: 4, path: path.join(dir, 'linger.sock') };
  const server = await transport.listen(listened, (connection) => {
    connection.pause(); // never reads
    accepted.push(connection);
  });
  t.teardown(() => server.close());
  const connection = await transport.connect({ host: '', port: 0, path: listened.path });
  t.teardown(() => accepted.forEach((c) => c.destroy()));
  let closed = false;
  connection.attach({ data: () => undefined, end: () => undefined, close: () => (closed = true), drain: () => undefined });
  for (let i = 0; i < CHUNKS; i++) connection.write(new Uint8Array(CHUNK));
  connection.close();
  // The linger timer (2 s) fires; before the fix node:net threw ERR_INVALID_HANDLE_TYPE from it.
  for (let i = 0; i < 100 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  t.true(closed, 'closed within the linger time and a little more');
});
