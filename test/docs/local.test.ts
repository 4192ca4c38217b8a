import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test from 'ava';
import { activatedListener, startTlsRoundTrip, tlsRoundTrip, unixRoundTrip } from '../../docs/examples/porting/local.js';
import { pkiFor } from '../helpers/certificates.js';

test('guide: a TLS client verifies the server and exchanges a packet', async (t) => {
  const pki = pkiFor(t);
  if (pki === null) return;
  t.deepEqual(await tlsRoundTrip({ ca: pki.ca, certChain: pki.serverCert, key: pki.serverKey }), { protocol: 'TLSv1.3', server: 'localhost', reply: 'hello player' });
});

test('guide: STARTTLS upgrades a connected socket on both ends', async (t) => {
  const pki = pkiFor(t);
  if (pki === null) return;
  const { cipher, reply } = await startTlsRoundTrip({ ca: pki.ca, certChain: pki.serverCert, key: pki.serverKey });
  t.regex(cipher, /^TLS_/);
  t.is(reply, 'secret welcome');
});

test('guide: a Unix domain socket carries packets', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-guide-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.is(await unixRoundTrip(path.join(dir, 'game.sock')), 'local hello');
});

test('guide: without socket activation the listener falls back to its own port', async (t) => {
  const listener = await activatedListener(0);
  t.teardown(() => listener.close());
  t.true(listener.isListening());
  t.true(listener.getLocalPort() > 0);
});
