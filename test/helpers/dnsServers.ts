/**
 * DNS servers on loopback for the Dns tests: Debian's dnsmasq with records of its own, a UDP
 * socket that reads queries and never answers, and one that answers garbage. Each is started on a
 * free port by the test and stopped (by PID, or closed) in `t.teardown`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import { existsSync } from 'node:fs';
import os from 'node:os';
import test, { type ExecutionContext } from 'ava';

/** Where Debian's dnsmasq-base installs it. */
export const DNSMASQ = '/usr/sbin/dnsmasq';

/**
 * `test` when dnsmasq is here; on CI (`CI` set) also `test`, so the test fails naming what is
 * missing; elsewhere `test.skip` with a loud warning (as test/interop/toolchain.ts does).
 */
export function dnsmasqTest(): typeof test.skip {
  if (existsSync(DNSMASQ) || process.env['CI'] !== undefined) return test;
  console.warn(`\n!!! sfnet Dns tests against dnsmasq are SKIPPED: ${DNSMASQ} missing (apt-get install dnsmasq-base)\n`);
  return test.skip;
}

/**
 * A port free on 127.0.0.1 now for both UDP and TCP (dnsmasq binds both). It is drawn below Linux's
 * ephemeral range (32768–60999): there, a port free for UDP is often the local end of one of the
 * many TCP connections the other tests open at the same time, and dnsmasq's TCP bind then fails.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const udp = dgram.createSocket('udp4');
    const tcp = net.createServer();
    const free = await new Promise<boolean>((resolve) => {
      udp.once('error', () => resolve(false));
      udp.bind(port, '127.0.0.1', () => {
        tcp.once('error', () => resolve(false));
        tcp.listen(port, '127.0.0.1', () => resolve(true));
      });
    });
    await new Promise<void>((resolve) => {
      try {
        udp.close(() => resolve());
      } catch {
        resolve(); // never bound
      }
    });
    await new Promise<void>((resolve) => (tcp.listening ? tcp.close(() => resolve()) : resolve()));
    if (free) return port;
  }
}

/**
 * Starts dnsmasq in the foreground on 127.0.0.1 with `records` (dnsmasq options such as
 * `--host-record=…`), no upstream, no /etc/hosts; returns its port once it has bound. Fails the
 * test (and returns `null`) when dnsmasq is missing or does not start.
 */
export async function startDnsmasq(t: ExecutionContext, records: readonly string[]): Promise<number | null> {
  if (!existsSync(DNSMASQ)) {
    t.fail(`${DNSMASQ} is missing (apt-get install dnsmasq-base)`);
    return null;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      DNSMASQ,
      [
        '--keep-in-foreground',
        `--port=${port}`,
        '--listen-address=127.0.0.1',
        '--bind-interfaces',
        '--no-resolv',
        '--no-hosts',
        '--conf-file=/dev/null',
        '--pid-file=',
        `--user=${os.userInfo().username}`,
        '--log-facility=-',
        ...records,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    t.teardown(() => {
      if (child.exitCode === null && child.signalCode === null) process.kill(child.pid as number, 'SIGKILL');
    });
    let output = '';
    const started = await new Promise<boolean>((resolve) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('started, version')) resolve(true);
      });
      child.once('close', () => resolve(false));
      child.once('error', () => resolve(false));
    });
    if (started) return port;
    t.log(`dnsmasq did not start on port ${port}:\n${output}`);
  }
  t.fail('dnsmasq did not start');
  return null;
}

/** A UDP server on 127.0.0.1 that calls `answer` for each query; closed in teardown. Returns its port and the count of queries. */
async function udpServer(t: ExecutionContext, answer: (query: Buffer) => Buffer | null): Promise<{ port: number; queries: () => number }> {
  const server = dgram.createSocket('udp4');
  let queries = 0;
  server.on('message', (query, from) => {
    queries++;
    const reply = answer(query);
    if (reply !== null) server.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => server.bind(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  return { port: server.address().port, queries: () => queries };
}

/** A DNS server that reads every query and never answers. */
export function silentServer(t: ExecutionContext): Promise<{ port: number; queries: () => number }> {
  return udpServer(t, () => null);
}

/**
 * A DNS server that answers garbage: `matchId` keeps the query's 16-bit id and sets the response
 * bit (so the resolver reads the rest), followed by random bytes; otherwise all random bytes.
 */
export function garbageServer(t: ExecutionContext, matchId: boolean): Promise<{ port: number; queries: () => number }> {
  return udpServer(t, (query) => {
    const reply = randomBytes(12 + (query.length % 200));
    if (matchId && query.length >= 2) {
      reply[0] = query[0] ?? 0;
      reply[1] = query[1] ?? 0;
      reply[2] = 0x81; // QR=1, RD=1
      reply[3] = 0x80; // RA=1, RCODE 0
    }
    return reply;
  });
}
