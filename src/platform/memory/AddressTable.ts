/** The first port handed out for port 0 (the start of Linux's ephemeral range). */
const FIRST_PORT = 32768;
const LAST_PORT = 60999;

/**
 * What an in-process network knows of who is bound where: entries by address and port, found
 * the way the system finds a socket (the exact address, then "any" of the family, then `::`,
 * which is dual-stack), with the system's rule for ports in use and its range for port 0.
 *
 * @internal
 */
export class AddressTable<T> {
  readonly #entries = new Map<string, { readonly host: string; readonly port: number; readonly value: T }>();
  #nextPort = FIRST_PORT;

  /** Whether `host`:`port` cannot be taken: the same address, or "any" and a specific address on one port. */
  taken(host: string, port: number): boolean {
    for (const entry of this.#entries.values()) {
      if (entry.port === port && (entry.host === host || isAny(host) || isAny(entry.host))) return true;
    }
    return false;
  }

  /** Binds `value` at `host`:`port` (the caller checked `taken`). */
  set(host: string, port: number, value: T): void {
    this.#entries.set(key(host, port), { host, port, value });
  }

  /** Unbinds `host`:`port` when `value` still holds it. */
  delete(host: string, port: number, value: T): void {
    const id = key(host, port);
    if (this.#entries.get(id)?.value === value) this.#entries.delete(id);
  }

  /** Whether `value` still holds `host`:`port`. */
  holds(host: string, port: number, value: T): boolean {
    return this.#entries.get(key(host, port))?.value === value;
  }

  /** What a packet for `host`:`port` reaches: the exact address, then "any" of its family, then `::`. */
  find(host: string, port: number): T | undefined {
    const v6 = host.includes(':');
    return (this.#entries.get(key(host, port)) ?? (v6 ? undefined : this.#entries.get(key('0.0.0.0', port))) ?? this.#entries.get(key('::', port)))?.value;
  }

  /** A port nobody holds, from the ephemeral range, in turn. */
  freePort(): number {
    for (;;) {
      const port = this.#nextPort;
      this.#nextPort = port >= LAST_PORT ? FIRST_PORT : port + 1;
      if (![...this.#entries.values()].some((entry) => entry.port === port)) return port;
    }
  }
}

function key(host: string, port: number): string {
  return `${host}|${port}`;
}

function isAny(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}
