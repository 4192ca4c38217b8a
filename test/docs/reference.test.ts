import test from 'ava';
import { extractExamples, idleExamples, missingExamples, typeCheckExamples, typedocJson } from './referenceChecks.js';

/**
 * The free variables `@example` blocks use, declared once. `socket` is the class the example
 * documents where that is a socket, a `TcpSocket` elsewhere.
 */
function prelude(file: string): string {
  const socket = file.startsWith('src/udp/') ? 'UdpSocket' : 'TcpSocket';
  const handler = /Stream(Transport|Connection)\.ts$/.test(file) ? 'StreamHandler' : 'DatagramHandler';
  return `
declare const socket: ${socket};
declare const client: TcpSocket;
declare const listener: TcpListener;
declare const selector: SocketSelector;
declare const packet: Packet;
declare const request: Packet;
declare const container: Container;
declare const policy: PolicySecurityManager;
declare const address: IpAddress;
declare const port: number;
declare const bytes: Uint8Array;
declare const result: StatusResult & Partial<SendResult>;
declare const clock: Clock;
declare const resolver: Resolver;
declare const endpoint: DatagramEndpoint;
declare const handler: ${handler};
declare const transport: StreamTransport & DatagramTransport;
declare const connection: StreamConnection;
declare const onConnection: (connection: StreamConnection) => void;
declare const queue: Uint8Array[];
declare let pending: Uint8Array;
declare let running: boolean;
declare function flushMore(): void;
declare function handle(packet: Packet): void;
declare const packets: Packet[];
declare function dropClient(): void;
import { readFileSync } from 'node:fs';
declare const ca: Pem;
declare const caPem: Pem;
declare const certChain: Pem;
declare const key: Pem;
declare const input: DataInputStream;
declare const output: DataOutputStream;
declare const host: EnetHost;
declare const peer: EnetPeer;
declare const event: EnetEvent;
declare const relay: UdpRelay;
declare const x: number;
declare const y: number;
declare const position: Packet;
declare const players: Map<number, string>;
declare const name: string;
declare function applyPosition(packet: Packet): void;
`;
}

test('every exported class, function and interface, and every main method of the sockets, the selector and Packet, has an @example', async (t) => {
  const missing = missingExamples(await typedocJson());
  t.deepEqual(missing, [], `without @example:\n${missing.join('\n')}`);
});

test('the reference groups its exports by purpose: sockets first, TcpSocket at their top, no group by kind', async (t) => {
  const project = await typedocJson();
  const groups = project.groups ?? [];
  t.deepEqual(
    groups.map((group) => group.title),
    ['Guides', 'Porting', 'Sockets', 'Packets', 'Addresses', 'Security', 'Dependency injection', 'Transports', 'Browser', 'Maintainers'],
    'an export outside the folders docs/typedoc/groups.mjs maps lands in a kind group ("Classes", …): map its file',
  );
  const byId = new Map((project.children ?? []).map((child) => [child.id, child.name]));
  const first = (title: string): string[] => (groups.find((group) => group.title === title)?.children ?? []).slice(0, 4).map((id) => byId.get(id) ?? '?');
  t.deepEqual(first('Sockets'), ['TcpSocket', 'TcpListener', 'UdpSocket', 'SocketSelector']);
  t.deepEqual(first('Packets').slice(0, 2), ['Packet', 'PacketLayout']);
});

test('no @example only repeats the call it documents', (t) => {
  const idle = idleExamples(extractExamples()).map((example) => `${example.file}:${example.line}: ${example.code.trim()}`);
  t.deepEqual(idle, [], `examples that teach nothing (drop them, or show what comes of the call):\n${idle.join('\n')}`);
});

test('the @example blocks of src/ type-check against the SDK', (t) => {
  const examples = extractExamples();
  t.true(examples.length > 100, `found ${examples.length} examples`);
  const errors = typeCheckExamples(examples, prelude);
  t.deepEqual(errors, [], errors.join('\n'));
});

test('the checks themselves catch a missing @example where one is required, an idle example and a wrong name', (t) => {
  const example = { blockTags: [{ tag: '@example' }] };
  const tree = {
    name: 'sfnet',
    kind: 1,
    children: [
      { name: 'TcpSocket', kind: 128, comment: example, children: [{ name: 'connect', kind: 2048 }, { name: 'getLocalPort', kind: 2048 }, { name: 'remote', kind: 1024 }] },
      { name: 'Dns', kind: 128, children: [{ name: 'resolve', kind: 2048 }] },
      { name: 'Resolver', kind: 256, comment: example, children: [{ name: 'lookup', kind: 2048 }] },
      { name: 'SocketErrorKind', kind: 2097152 },
    ],
  };
  t.deepEqual(missingExamples(tree), ['TcpSocket.connect', 'Dns']);
  const idle = idleExamples([
    { file: 'a.ts', line: 1, code: 'connection.resume();' },
    { file: 'a.ts', line: 2, code: 'await listener.close();' },
    { file: 'a.ts', line: 3, code: 'SocketContext.from().clock.now();' },
    { file: 'a.ts', line: 4, code: 'socket.getTcpNoDelay(); // true' },
    { file: 'a.ts', line: 5, code: "IpAddress.parse('127.0.0.1');\nconsole.log('x');" },
  ]);
  t.deepEqual(idle.map((e) => e.line), [1, 2, 3]);
  const errors = typeCheckExamples([{ file: 'src/tcp/Fake.ts', line: 10, code: 'socket.sendAll(packet);' }], prelude);
  t.is(errors.length, 1);
  t.regex(errors[0] ?? '', /^src\/tcp\/Fake\.ts:10: Property 'sendAll' does not exist on type 'TcpSocket'/);
});
