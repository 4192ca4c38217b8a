import { InheritedSocket } from '../address/InheritedSocket.js';

/** The first descriptor systemd passes (`SD_LISTEN_FDS_START`). */
const FIRST_FD = 3;

/**
 * The sockets systemd passed to this process by socket activation (`sd_listen_fds`).
 *
 * @remarks
 * systemd (or `systemd-socket-activate`) opens the sockets of a `.socket` unit and starts the
 * service with them as descriptors 3, 4, … and three variables: `LISTEN_FDS` (how many),
 * `LISTEN_PID` (the process they are meant for) and `LISTEN_FDNAMES` (their names, `:`-separated).
 * They are the process's only when `LISTEN_PID` is its own: a child started later with the same
 * environment must not take them. As `sd_listen_fds(1)` does, the variables are removed once
 * read (pass `{ keepEnvironment: true }` to keep them).
 *
 * @example
 * ```ts
 * const listener = new TcpListener();
 * for (const inherited of SystemdSockets.listeners()) {
 *   if (inherited.name === 'game') await listener.listen(inherited);
 * }
 * ```
 */
export class SystemdSockets {
  private constructor() {}

  /**
   * The inherited sockets, in order; empty when none were passed to this process.
   *
   * @param options - `env` and `pid` to read instead of the process's own (tests); `keepEnvironment`
   *   to leave the variables set.
   * @returns them, named by `LISTEN_FDNAMES` (or `''`).
   * @example
   * ```ts
   * const sockets = SystemdSockets.listeners(); // [fd 3 (game), fd 4 (game-udp)]
   * ```
   */
  static listeners(options: { readonly env?: Record<string, string | undefined>; readonly pid?: number; readonly keepEnvironment?: boolean } = {}): InheritedSocket[] {
    const env = options.env ?? process.env;
    const pid = options.pid ?? process.pid;
    const count = Number(env['LISTEN_FDS']);
    const forUs = Number(env['LISTEN_PID']) === pid;
    const names = (env['LISTEN_FDNAMES'] ?? '').split(':');
    if (options.keepEnvironment !== true) {
      delete env['LISTEN_FDS'];
      delete env['LISTEN_PID'];
      delete env['LISTEN_FDNAMES'];
    }
    if (!forUs || !Number.isInteger(count) || count <= 0 || count > 1024) return [];
    return Array.from({ length: count }, (_, i) => InheritedSocket.of(FIRST_FD + i, names[i] ?? ''));
  }
}
