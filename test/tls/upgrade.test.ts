import net from 'node:net';
import test, { type ExecutionContext } from 'ava';
import { IpAddress } from '../../src/address/IpAddress.js';
import { SocketStatus } from '../../src/core/SocketStatus.js';
import { TlsStatus, type TlsResult } from '../../src/core/TlsStatus.js';
import { Packet } from '../../src/packet/Packet.js';
import { NodeTlsTransport } from '../../src/platform/node/NodeTlsTransport.js';
import { MemoryStreamTransport } from '../../src/platform/memory/MemoryStreamTransport.js';
import { TcpListener } from '../../src/tcp/TcpListener.js';
import { TcpSocket } from '../../src/tcp/TcpSocket.js';
import { suitePki } from '../helpers/certificates.js';

/**
 * Upgrading a connected TcpSocket to TLS (SFML 3.1's setupTlsClient / setupTlsServer, STARTTLS):
 * SDK to SDK through a relay that records the bytes on the wire.
 */

const { it, ready } = suitePki();
const server = () => ({ certChain: ready().serverCert, key: ready().serverKey });

/** A plain listener, and a relay in front of it recording every byte the client sends. */
async function relayed(t: ExecutionContext): Promise<{ listener: TcpListener; port: number; wire: () => Buffer }> {
  const listener = new TcpListener();
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const chunks: Buffer[] = [];
  const sockets: net.Socket[] = [];
  const relay = net.createServer((inbound) => {
    const outbound = net.connect(listener.getLocalPort(), '127.0.0.1');
    sockets.push(inbound, outbound);
    inbound.on('data', (chunk: Buffer) => chunks.push(chunk));
    inbound.pipe(outbound).pipe(inbound);
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
  });
  await new Promise<void>((listening) => relay.listen(0, '127.0.0.1', listening));
  t.teardown(() => {
    relay.close();
    for (const socket of sockets) socket.destroy();
  });
  return { listener, port: (relay.address() as net.AddressInfo).port, wire: () => Buffer.concat(chunks) };
}

async function pair(t: ExecutionContext): Promise<{ client: TcpSocket; accepted: TcpSocket; wire: () => Buffer }> {
  const { listener, port, wire } = await relayed(t);
  const client = new TcpSocket();
  const accepted = new TcpSocket();
  t.teardown(() => {
    client.disconnect();
    accepted.disconnect();
  });
  t.is((await client.connect(IpAddress.LocalHost, port)).status, SocketStatus.Done);
  t.is((await listener.accept(accepted)).status, SocketStatus.Done);
  return { client, accepted, wire };
}

const text = (value: string): Packet => new Packet().writeString(value);
async function receiveText(socket: TcpSocket): Promise<string> {
  const packet = new Packet();
  const { status } = await socket.receive(packet);
  return status === SocketStatus.Done ? packet.readString() : status;
}

it('plaintext, then STARTTLS: the ClientHello queued behind the request goes to the handshake, and what follows is encrypted', async (t) => {
  const { client, accepted, wire } = await pair(t);
  const ends = (socket: TcpSocket): string => `${String(socket.getRemoteAddress())}:${socket.getRemotePort()} ${String(socket.getLocalAddress())}:${socket.getLocalPort()}`;
  const before = [ends(client), ends(accepted)];
  await client.send(text('STARTTLS'));
  // The client starts its handshake before the server has even read the request: the server's
  // queue then holds the request and the start of the ClientHello.
  const upgrading = client.setupTlsClient('localhost', { ca: ready().ca });
  await new Promise((later) => setTimeout(later, 100));
  t.is(await receiveText(accepted), 'STARTTLS');
  const [mine, theirs] = await Promise.all([accepted.setupTlsServer(server()), upgrading]);
  t.is(mine.status, TlsStatus.HandshakeComplete, mine.error?.message);
  t.is(theirs.status, TlsStatus.HandshakeComplete, theirs.error?.message);
  t.is(client.getTlsInfo()?.peerCertificate?.subject, 'localhost');
  t.true(client.getTlsInfo()?.authorized);
  t.regex(client.getCurrentCiphersuiteName() ?? '', /^TLS_/);
  t.is(accepted.getCurrentCiphersuiteName(), client.getCurrentCiphersuiteName());
  t.deepEqual([ends(client), ends(accepted)], before, 'the same connection, encrypted');
  await client.send(text('the secret plan'));
  t.is(await receiveText(accepted), 'the secret plan');
  await accepted.send(text('understood'));
  t.is(await receiveText(client), 'understood');
  const seen = wire();
  t.true(seen.includes(Buffer.from('STARTTLS')), 'the request went in clear');
  t.false(seen.includes(Buffer.from('the secret plan')), 'what followed did not');
  t.is(seen[seen.indexOf(Buffer.from('STARTTLS')) + 8], 0x16, 'a TLS handshake record follows the request');
});

/** A connected pair in non-blocking mode with both sides' handshakes started: their first answers. */
async function nonBlockingHandshake(t: ExecutionContext): Promise<{ client: TcpSocket; accepted: TcpSocket; clientTls: { ca: string }; mine: TlsResult; theirs: TlsResult }> {
  const { client, accepted } = await pair(t);
  client.setBlocking(false);
  accepted.setBlocking(false);
  const clientTls = { ca: ready().ca };
  const mine = await client.setupTlsClient('localhost', clientTls);
  const theirs = await accepted.setupTlsServer(server());
  return { client, accepted, clientTls, mine, theirs };
}

it('non-blocking: HandshakeStarted each tick until HandshakeComplete; sends and receives meanwhile answer NotReady', async (t) => {
  const { client, accepted, clientTls, ...first } = await nonBlockingHandshake(t);
  let { mine, theirs } = first;
  t.is(mine.status, TlsStatus.HandshakeStarted);
  t.is(theirs.status, TlsStatus.HandshakeStarted);
  t.is((await client.send(text('early'))).status, SocketStatus.NotReady);
  t.is((await accepted.receive(new Packet())).status, SocketStatus.NotReady);
  let ticks = 0;
  while ((mine.status === TlsStatus.HandshakeStarted || theirs.status === TlsStatus.HandshakeStarted) && ticks++ < 500) {
    await new Promise((tick) => setTimeout(tick, 2));
    if (mine.status === TlsStatus.HandshakeStarted) mine = await client.setupTlsClient('localhost', clientTls);
    if (theirs.status === TlsStatus.HandshakeStarted) theirs = await accepted.setupTlsServer(server());
  }
  t.is(mine.status, TlsStatus.HandshakeComplete);
  t.is(theirs.status, TlsStatus.HandshakeComplete);
  t.true(ticks > 0);
  // Asked again: still complete (the connection is TLS now).
  t.is((await client.setupTlsClient('localhost', clientTls)).status, TlsStatus.HandshakeComplete);
  t.is((await client.send(text('polled'))).status, SocketStatus.Done);
  let received = await accepted.receive(new Packet());
  for (let i = 0; received.status === SocketStatus.NotReady && i < 500; i++) {
    await new Promise((tick) => setTimeout(tick, 2));
    received = await accepted.receive(new Packet());
  }
  t.is(received.status, SocketStatus.Done);
});

it('non-blocking: both sides polled without pause, nothing else awaited, still reach HandshakeComplete', async (t) => {
  const { client, accepted, clientTls, ...first } = await nonBlockingHandshake(t);
  let { mine, theirs } = first;
  // The handshake's bytes move only when the event loop turns: each poll must let it.
  let polls = 0;
  while ((mine.status === TlsStatus.HandshakeStarted || theirs.status === TlsStatus.HandshakeStarted) && ++polls < 100_000) {
    if (mine.status === TlsStatus.HandshakeStarted) mine = await client.setupTlsClient('localhost', clientTls);
    if (theirs.status === TlsStatus.HandshakeStarted) theirs = await accepted.setupTlsServer(server());
  }
  t.is(mine.status, TlsStatus.HandshakeComplete, `after ${polls} polls`);
  t.is(theirs.status, TlsStatus.HandshakeComplete);
});

it('blocking sends and receives made during the handshake wait for it, then go encrypted', async (t) => {
  const { client, accepted, wire } = await pair(t);
  const upgrading = client.setupTlsClient('localhost', { ca: ready().ca });
  const sending = client.send(text('queued during the handshake'));
  const serverSide = accepted.setupTlsServer(server());
  const receiving = accepted.receive(new Packet());
  t.is((await upgrading).status, TlsStatus.HandshakeComplete);
  t.is((await serverSide).status, TlsStatus.HandshakeComplete);
  t.is((await sending).status, SocketStatus.Done);
  t.is((await receiving).status, SocketStatus.Done);
  t.false(wire().includes(Buffer.from('queued during')));
});

it('a certificate the client does not trust, or naming another host, is an Error and the connection is closed', async (t) => {
  for (const [hostname, trust, kind] of [
    ['localhost', undefined, 'CertificateUntrusted'],
    ['elsewhere.test', ready().ca, 'HostnameMismatch'],
  ] as const) {
    const { client, accepted } = await pair(t);
    const [mine, theirs] = await Promise.all([client.setupTlsClient(hostname, trust === undefined ? {} : { ca: trust }), accepted.setupTlsServer(server())]);
    t.is(mine.status, TlsStatus.Error);
    t.is(mine.error?.kind, kind);
    t.is(theirs.status, TlsStatus.Error);
    // Never a fallback to plaintext: the connection is gone on both sides.
    t.is((await client.receive(new Packet())).status, SocketStatus.Disconnected);
    t.is((await client.send(text('after'))).status, SocketStatus.Disconnected);
    t.is((await client.setupTlsClient(hostname)).status, TlsStatus.NotConnected);
  }
});

it('verifyPeer false (SFML: setupTlsClient(hostname, false)) accepts a certificate nobody trusts', async (t) => {
  const { client, accepted } = await pair(t);
  const [mine] = await Promise.all([client.setupTlsClient('localhost', false), accepted.setupTlsServer(server())]);
  t.is(mine.status, TlsStatus.HandshakeComplete);
  t.false(client.getTlsInfo()?.authorized);
});

it('a server requiring a client certificate refuses a client without one', async (t) => {
  const { client, accepted } = await pair(t);
  const [mine, theirs] = await Promise.all([
    client.setupTlsClient('localhost', { ca: ready().ca }),
    accepted.setupTlsServer({ ...server(), clientCertificate: 'require', ca: ready().ca }),
  ]);
  t.is(theirs.status, TlsStatus.Error);
  t.not(mine.status, TlsStatus.HandshakeStarted);
  const { client: other, accepted: otherAccepted } = await pair(t);
  const [signed, admitted] = await Promise.all([
    other.setupTlsClient('localhost', { ca: ready().ca, cert: ready().clientCert, key: ready().clientKey }),
    otherAccepted.setupTlsServer({ ...server(), clientCertificate: 'require', ca: ready().ca }),
  ]);
  t.is(signed.status, TlsStatus.HandshakeComplete);
  t.is(admitted.status, TlsStatus.HandshakeComplete, admitted.error?.message);
  t.is(otherAccepted.getTlsInfo()?.peerCertificate?.subject, 'player one');
});

it('a peer that never answers: the handshake times out; disconnect() ends a handshake under way at once', async (t) => {
  const { client } = await pair(t);
  const timedOut = await client.setupTlsClient('localhost', { ca: ready().ca, handshakeTimeoutMs: 200 });
  t.is(timedOut.status, TlsStatus.Error);
  t.is(timedOut.error?.kind, 'Timeout');
  const { client: other } = await pair(t);
  const upgrading = other.setupTlsClient('localhost', { ca: ready().ca });
  setTimeout(() => other.disconnect(), 50);
  const started = Date.now();
  t.is((await upgrading).status, TlsStatus.NotConnected);
  t.true(Date.now() - started < 2000);
});

it('NotConnected before a connection; HandshakeComplete on a TLS connection; misuse rejects', async (t) => {
  t.is((await new TcpSocket().setupTlsClient('localhost')).status, TlsStatus.NotConnected);
  t.is(new TcpSocket().getCurrentCiphersuiteName(), null);
  const listener = new TcpListener({ streamTransport: new NodeTlsTransport({ server: server() }) });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const tls = new TcpSocket({ streamTransport: new NodeTlsTransport({ client: { ca: ready().ca } }) });
  t.teardown(() => tls.disconnect());
  t.is((await tls.connect('localhost', listener.getLocalPort())).status, SocketStatus.Done);
  t.is((await tls.setupTlsClient('localhost')).status, TlsStatus.HandshakeComplete);
  const { client } = await pair(t);
  await t.throwsAsync(client.setupTlsClient(''), { instanceOf: TypeError });
  await t.throwsAsync(client.setupTlsClient('localhost', null as never), { instanceOf: TypeError });
  await t.throwsAsync(client.setupTlsServer({} as never), { instanceOf: TypeError });
  const waiting = client.receive(new Packet());
  await t.throwsAsync(client.setupTlsClient('localhost'), { instanceOf: TypeError, message: /waiting/ });
  client.disconnect();
  t.is((await waiting).status, SocketStatus.Disconnected);
});

it('a transport that cannot encrypt answers Error, never plaintext', async (t) => {
  const transport = new MemoryStreamTransport();
  const listener = new TcpListener({ streamTransport: transport });
  t.teardown(() => listener.close());
  t.is((await listener.listen(0, IpAddress.LocalHost)).status, SocketStatus.Done);
  const client = new TcpSocket({ streamTransport: transport });
  t.teardown(() => client.disconnect());
  t.is((await client.connect(IpAddress.LocalHost, listener.getLocalPort())).status, SocketStatus.Done);
  const result = await client.setupTlsClient('localhost');
  t.is(result.status, TlsStatus.Error);
  t.is(result.error?.kind, 'TlsProtocol');
  t.is((await client.send(text('x'))).status, SocketStatus.Disconnected);
});
