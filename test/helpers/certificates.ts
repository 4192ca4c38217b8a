import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import test, { type ExecutionContext } from 'ava';

/**
 * A throw-away PKI made at test time with the real `openssl` (no key is ever committed): a CA, a
 * server certificate for localhost / 127.0.0.1 / ::1 signed by it, a client certificate, an
 * expired server certificate, and a self-signed one nobody trusts. Every key is EC P-256.
 */
export interface Pki {
  readonly dir: string;
  readonly ca: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly clientCert: string;
  readonly clientKey: string;
  readonly expiredCert: string;
  readonly expiredKey: string;
  readonly strangerCert: string;
  readonly strangerKey: string;
  /** Paths of the files, for programs that read them (s_server, Java). */
  file(name: 'ca.pem' | 'server.pem' | 'server.key' | 'client.pem' | 'client.key'): string;
  remove(): void;
}

const EC = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Whether `openssl` is on this machine. */
export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Makes the PKI in a new temporary folder. */
export function makePki(): Pki {
  const dir = mkdtempSync(path.join(tmpdir(), 'sfnet-pki-'));
  const run = (...args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run('req', '-x509', ...EC, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=sfnet test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  const leaf = (name: string, cn: string, ext: string): void => {
    run('req', ...EC, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`);
    writeFileSync(path.join(dir, `${name}.ext`), ext);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  };
  leaf('server', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'player one', 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n');
  // Expired: `openssl ca` is the one 3.0 tool that sets past dates.
  mkdirSync(path.join(dir, 'db'));
  writeFileSync(path.join(dir, 'db', 'index.txt'), '');
  writeFileSync(path.join(dir, 'db', 'serial'), '1000\n');
  writeFileSync(
    path.join(dir, 'ca.cnf'),
    '[ca]\ndefault_ca=test\n[test]\ndir=.\ndatabase=db/index.txt\nserial=db/serial\nnew_certs_dir=db\ncertificate=ca.pem\nprivate_key=ca.key\ndefault_md=sha256\npolicy=any\ncopy_extensions=copy\nunique_subject=no\n[any]\ncommonName=supplied\n',
  );
  run('req', ...EC, '-keyout', 'expired.key', '-out', 'expired.csr', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1');
  run('ca', '-batch', '-config', 'ca.cnf', '-in', 'expired.csr', '-out', 'expired.pem', '-startdate', '20200101000000Z', '-enddate', '20200201000000Z');
  run('req', '-x509', ...EC, '-keyout', 'stranger.key', '-out', 'stranger.pem', '-days', '2', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1');
  const read = (name: string): string => readFileSync(path.join(dir, name), 'utf8');
  return {
    dir,
    ca: read('ca.pem'),
    serverCert: read('server.pem'),
    serverKey: read('server.key'),
    clientCert: read('client.pem'),
    clientKey: read('client.key'),
    expiredCert: read('expired.pem'),
    expiredKey: read('expired.key'),
    strangerCert: read('stranger.pem'),
    strangerKey: read('stranger.key'),
    file: (name) => path.join(dir, name),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * One PKI for a whole test file, removed after its last test: `it` runs a test (skipped locally
 * without openssl, failing in CI, which installs it), `ready()` gives the PKI inside one.
 */
export function suitePki(): { readonly it: typeof test | typeof test.skip; readonly ready: () => Pki } {
  const pki = hasOpenssl() ? makePki() : undefined;
  test.after.always(() => pki?.remove());
  return {
    it: pki === undefined && process.env.CI !== 'true' ? test.skip : test,
    ready: () => {
      if (pki === undefined) throw new Error('openssl is missing: .ci/run installs it');
      return pki;
    },
  };
}

/** A PKI for one test, removed at its end; `null` without openssl (the test then passes as skipped, or fails in CI). */
export function pkiFor(t: ExecutionContext): Pki | null {
  if (!hasOpenssl()) {
    if (process.env.CI === 'true') t.fail('openssl is missing: .ci/run installs it');
    else t.pass('skipped: no openssl on this machine');
    return null;
  }
  const pki = makePki();
  t.teardown(() => pki.remove());
  return pki;
}
