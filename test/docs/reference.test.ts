import test from 'ava';
import { extractExamples, missingExamples, typeCheckExamples, typedocJson } from './referenceChecks.js';

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
`;
}

test('every exported declaration and member in the reference has an @example', async (t) => {
  const missing = missingExamples(await typedocJson());
  t.deepEqual(missing, [], `without @example:\n${missing.join('\n')}`);
});

test('the @example blocks of src/ type-check against the SDK', (t) => {
  const examples = extractExamples();
  t.true(examples.length > 100, `found ${examples.length} examples`);
  const errors = typeCheckExamples(examples, prelude);
  t.deepEqual(errors, [], errors.join('\n'));
});

test('the checks themselves catch a missing @example and a wrong name', (t) => {
  const tree = { name: 'sfnet', kind: 1, children: [{ name: 'A', kind: 128, comment: { blockTags: [{ tag: '@example' }] }, children: [{ name: 'b', kind: 1024 }] }] };
  t.deepEqual(missingExamples(tree), ['A.b']);
  const errors = typeCheckExamples([{ file: 'src/tcp/Fake.ts', line: 10, code: 'socket.sendAll(packet);' }], prelude);
  t.is(errors.length, 1);
  t.regex(errors[0] ?? '', /^src\/tcp\/Fake\.ts:10: Property 'sendAll' does not exist on type 'TcpSocket'/);
});
