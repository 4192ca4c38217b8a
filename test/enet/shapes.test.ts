/**
 * Peer states keep one hidden class and their queues one element kind whatever a connection
 * brings (test/enet/shapeProbe.ts, run in a new process that can ask V8): otherwise a new
 * connection deoptimises the code every connection runs, and V8 compiles it again on the
 * machine's cores while the connection waits (on the ENet bench: 3-8 ms stalls of a whole window).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';

const probe = path.resolve(path.dirname(fileURLToPath(import.meta.url)), 'shapeProbe.js');

test('connections with any id and moving round-trip times leave PeerState its hidden class, and reset queues their element kind', async (t) => {
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--allow-natives-syntax', probe], { timeout: 60_000 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
  });
  const result = JSON.parse(out) as { sameHiddenClass: boolean; queuesHoldObjects: boolean[] };
  t.true(result.sameHiddenClass, 'a PeerState field changed representation');
  t.deepEqual(result.queuesHoldObjects, Array<boolean>(9).fill(true));
});
