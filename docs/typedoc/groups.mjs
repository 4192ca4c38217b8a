// A typedoc plugin (loaded by typedoc.json's "plugin") that groups the reference's exports by what
// a user does with them instead of by kind, so the index lists sockets first and services and
// transports last. The group of an export is that of the file, else the folder, under src/ that
// declares it (see GROUPS); `groupOrder` in typedoc.json orders the groups, and ORDER puts the
// classes a reader looks for first at the top of their group. An export in a file of no listed
// folder keeps typedoc's kind group ("Classes", …): test/docs/reference.test.ts fails on that.
import { Comment, CommentTag, Converter } from 'typedoc';

/** Group of each source file or folder under src/ (a file entry wins over its folder's). */
export const GROUPS = {
  tcp: 'Sockets',
  udp: 'Sockets',
  selector: 'Sockets',
  core: 'Sockets',
  'socket/Socket.ts': 'Sockets',
  'socket/Dns.ts': 'Addresses',
  'socket/SystemdSockets.ts': 'Addresses',
  conditioner: 'Transports',
  'socket/SocketContext.ts': 'Dependency injection',
  packet: 'Packets',
  address: 'Addresses',
  security: 'Security',
  di: 'Dependency injection',
  services: 'Dependency injection',
  transport: 'Transports',
  platform: 'Transports',
  proxy: 'Transports',
  stream: 'Packets',
  browser: 'Browser',
  enet: 'Sockets',
};

/** Names put first in their group, in this order; the rest follow in source order. */
export const ORDER = [
  'TcpSocket',
  'TcpListener',
  'UdpSocket',
  'SocketSelector',
  'EnetHost',
  'EnetPeer',
  'SocketStatus',
  'Packet',
  'PacketLayout',
  'IpAddress',
  'Dns',
  'PolicySecurityManager',
  'SecurityManager',
  'createContainer',
  'Tokens',
  'NodeTlsTransport',
  'StreamTransport',
  'DatagramTransport',
];

/** The group of a file, given its path relative to src/. */
export function groupOf(path) {
  const parts = path.split('/');
  for (let i = parts.length; i > 0; i--) {
    const group = GROUPS[parts.slice(0, i).join('/')];
    if (group !== undefined) return group;
  }
  return undefined;
}

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const project = context.project;
      for (const child of project.children ?? []) {
        const file = project.getSymbolIdFromReflection(child)?.fileName.replaceAll('\\', '/');
        const at = file?.lastIndexOf('/src/') ?? -1;
        if (file === undefined || at < 0) continue;
        const group = groupOf(file.slice(at + '/src/'.length));
        if (group === undefined) continue;
        child.comment ??= new Comment();
        if (!child.comment.blockTags.some((tag) => tag.tag === '@group')) {
          child.comment.blockTags.push(new CommentTag('@group', [{ kind: 'text', text: group }]));
        }
      }
    },
    0, // before typedoc's GroupPlugin (-100) reads the tags
  );
  app.converter.on(
    Converter.EVENT_RESOLVE_END,
    (context) => {
      const rank = (reflection) => {
        const index = ORDER.indexOf(reflection.name);
        return index < 0 ? ORDER.length : index;
      };
      for (const group of context.project.groups ?? []) {
        // Array.prototype.sort is stable: the rest keep their source order.
        group.children.sort((a, b) => rank(a) - rank(b));
      }
    },
    -150, // after the GroupPlugin (-100) made the groups, before the CategoryPlugin (-200)
  );
}
