/**
 * Argument checks shared by every socket class: misuse throws a `TypeError` or `RangeError`
 * whose message names the method.
 *
 * @internal
 * @module
 */
import { IpAddress } from '../address/IpAddress.js';

/** A port: an integer from 1 (or 0 where "any" is meant) to 65535. */
export function checkPort(method: string, port: unknown, allowZero: boolean): number {
  if (typeof port !== 'number') throw new TypeError(`${method}: port must be a number, got ${typeof port}`);
  const min = allowZero ? 0 : 1;
  if (!Number.isInteger(port) || port < min || port > 65535) {
    throw new RangeError(`${method}: port ${port} is not an integer from ${min} to 65535`);
  }
  return port;
}

/** A duration in milliseconds: a finite number >= 0 (0 means "none"). */
export function checkMilliseconds(method: string, name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`${method}: ${name} must be a number of milliseconds, got ${typeof value}`);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${method}: ${name} ${value} is not a finite number >= 0`);
  return value;
}

/** A byte count: an integer from `min` to `max`. */
export function checkSize(method: string, name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number') throw new TypeError(`${method}: ${name} must be a number, got ${typeof value}`);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${method}: ${name} ${value} is not an integer from ${min} to ${max}`);
  }
  return value;
}

/** A boolean flag. */
export function checkBoolean(method: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${method}: expected a boolean, got ${typeof value}`);
  return value;
}

/** A destination: an `IpAddress` or a non-empty host string, and a port from 1 to 65535. */
export function checkRemote(method: string, address: unknown, port: unknown): void {
  if (!(address instanceof IpAddress) && (typeof address !== 'string' || address.length === 0)) {
    throw new TypeError(`${method}: address must be an IpAddress or a non-empty host string`);
  }
  checkPort(method, port, false);
}
