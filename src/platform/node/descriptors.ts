import { fsModule } from './lazyBuiltins.js';

/** The inode of the socket at descriptor `fd` of this process, or `undefined`. */
function socketInode(fd: number): string | undefined {
  try {
    return /^socket:\[(\d+)\]$/.exec(fsModule().readlinkSync(`/proc/self/fd/${fd}`))?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The path of an inherited Unix socket (an abstract name starts with `'\0'`), read from Linux's
 * `/proc/net/unix`: `node:net` reports no name for a descriptor it adopted.
 *
 * @returns the path; `null` when it is not a bound Unix socket of this process.
 * @internal
 */
export function unixPathOf(fd: number): string | null {
  const inode = socketInode(fd);
  if (inode === undefined) return null;
  let text = '';
  try {
    text = fsModule().readFileSync('/proc/self/net/unix', 'utf8');
  } catch {
    return null;
  }
  // Columns: Num RefCount Protocol Flags Type St Inode Path; an abstract name is printed with '@'.
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[6] === inode && fields[7] !== undefined) {
      const name = line.trim().split(/\s+/).slice(7).join(' ');
      return name.startsWith('@') ? `\0${name.slice(1)}` : name;
    }
  }
  return null;
}

/**
 * The address family of an inherited UDP socket, read from Linux's `/proc`: `dgram` must be
 * told `udp4` or `udp6` before it adopts a descriptor, and cannot ask the descriptor itself.
 *
 * @returns 4 or 6; `null` when the descriptor is not a UDP socket of this process (or `/proc`
 *   is missing).
 * @internal
 */
export function udpFamilyOf(fd: number): 4 | 6 | null {
  const inode = socketInode(fd);
  if (inode === undefined) return null;
  for (const [table, family] of [['udp', 4], ['udp6', 6]] as const) {
    let text = '';
    try {
      text = fsModule().readFileSync(`/proc/self/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …
    if (text.split('\n').some((line) => line.trim().split(/\s+/)[9] === inode)) return family;
  }
  return null;
}
