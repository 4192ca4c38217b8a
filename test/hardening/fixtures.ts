/**
 * Fixtures for the hardening tests: a hang guard, memory probes and hostile resolvers. The loopback
 * fixtures themselves live in `test/helpers/loopback.ts`.
 */
import type net from 'node:net';
import type { ExecutionContext } from 'ava';
import type { Resolver } from '../../src/address/Resolver.js';
import { sleep } from '../helpers/loopback.js';

/** What `within` resolves to when the guarded promise did not settle in time. */
export const HUNG = Symbol('hung');

/** Races `promise` against `ms` milliseconds: its value, or `HUNG`. The timer never holds the process. */
export async function within<T>(promise: Promise<T>, ms = 2000): Promise<T | typeof HUNG> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof HUNG>((resolve) => {
    timer = setTimeout(() => resolve(HUNG), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asserts that `promise` settles (fulfils or rejects) within `ms`, and gives its value. */
export async function settles<T>(t: ExecutionContext, promise: Promise<T>, label: string, ms = 2000): Promise<T | undefined> {
  const outcome = await within(
    promise.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    ),
    ms,
  );
  if (outcome === HUNG) {
    t.fail(`${label}: did not settle within ${ms} ms`);
    return undefined;
  }
  t.pass(label);
  return 'value' in outcome ? outcome.value : undefined;
}

/** `process.memoryUsage().arrayBuffers` after a garbage collection when `--expose-gc` is on. */
export function arrayBuffers(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  return process.memoryUsage().arrayBuffers;
}

/** A resolver that never answers. */
export const hungResolver: Resolver = { lookup: () => new Promise<readonly string[]>(() => undefined) };

/** A resolver answering from `answers` in turn (the last one repeats), recording each name asked. */
export function scriptedResolver(...answers: ReadonlyArray<readonly string[]>): Resolver & { readonly asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    lookup: async (name: string) => {
      asked.push(name);
      return answers[Math.min(asked.length - 1, answers.length - 1)] ?? [];
    },
  };
}

/**
 * Writes `chunk` again and again, respecting the raw socket's own back-pressure (as TCP would
 * for any peer), until `limit` bytes were handed to the kernel or `ms` passed; gives the bytes
 * the kernel took.
 */
export async function flood(raw: net.Socket, chunk: Uint8Array, limit: number, ms: number): Promise<number> {
  const end = Date.now() + ms;
  while (Date.now() < end && raw.bytesWritten - raw.writableLength < limit && !raw.destroyed) {
    if (raw.writableLength < 4 * chunk.length) raw.write(chunk);
    else await sleep(5);
  }
  return raw.bytesWritten - raw.writableLength;
}
