/**
 * The arena's simulation: players moving in a square, driven by their inputs.
 *
 * @module
 */
import type { InputMessage, PlayerState, Snapshot } from './protocol.js';

/** The side of the square arena, in units. */
export const ARENA_SIZE = 100;
/** How far a full input moves a player in one second, in units. */
export const PLAYER_SPEED = 30;
/** Inputs applied per player and tick at most; more wait for a later datagram (an anti-speed-hack bound). */
const MAX_INPUTS_PER_TICK = 3;

/** A player as the server simulates it. */
interface Body {
  readonly id: number;
  x: number;
  y: number;
  lastSeq: number;
  inputsThisTick: number;
}

/**
 * The authoritative world: positions change only here, from inputs the server received.
 *
 * @remarks
 * Each input moves its player by one client tick (`1 / tickRate` s) along its vector, which is
 * clamped to length 1, then the position is clamped to the arena. An input older than the
 * last applied one (UDP reorders and duplicates) is ignored. The snapshot carries each player's
 * last applied sequence so a client can reconcile its prediction.
 *
 * @example
 * ```ts
 * const world = new World(30);
 * world.add(1);
 * world.applyInput({ playerId: 1, token: 0, seq: 1, dx: 1, dy: 0 });
 * world.step();
 * console.log(world.snapshot().players[0]?.x);
 * ```
 */
export class World {
  readonly #dt: number;
  readonly #bodies = new Map<number, Body>();
  #tick = 0;

  /**
   * Creates an empty arena.
   *
   * @param tickRate - the clients' input rate, ticks a second.
   */
  constructor(tickRate: number) {
    this.#dt = 1 / tickRate;
  }

  /** How many players are in the arena. */
  get size(): number {
    return this.#bodies.size;
  }

  /**
   * Spawns a player on a ring around the centre.
   *
   * @param id - the player id.
   */
  add(id: number): void {
    const angle = (id * 2.399963) % (2 * Math.PI); // the golden angle spreads spawns out
    const x = ARENA_SIZE / 2 + Math.cos(angle) * ARENA_SIZE * 0.3;
    const y = ARENA_SIZE / 2 + Math.sin(angle) * ARENA_SIZE * 0.3;
    this.#bodies.set(id, { id, x, y, lastSeq: 0, inputsThisTick: 0 });
  }

  /**
   * Removes a player; removing an absent one does nothing.
   *
   * @param id - the player id.
   */
  remove(id: number): void {
    this.#bodies.delete(id);
  }

  /**
   * Applies one input to its player.
   *
   * @param input - the decoded input (its token already checked).
   * @returns `true` when applied; `false` for an unknown player, a stale sequence or too many
   *   inputs this tick.
   */
  applyInput(input: InputMessage): boolean {
    const body = this.#bodies.get(input.playerId);
    if (body === undefined || input.seq <= body.lastSeq || body.inputsThisTick >= MAX_INPUTS_PER_TICK) return false;
    const length = Math.hypot(input.dx, input.dy);
    const scale = length > 1 ? 1 / length : 1;
    body.x = clamp(body.x + input.dx * scale * PLAYER_SPEED * this.#dt);
    body.y = clamp(body.y + input.dy * scale * PLAYER_SPEED * this.#dt);
    body.lastSeq = input.seq;
    body.inputsThisTick++;
    return true;
  }

  /** Ends a tick: the per-tick input budget starts again. */
  step(): void {
    this.#tick++;
    for (const body of this.#bodies.values()) body.inputsThisTick = 0;
  }

  /**
   * The world now, for every client.
   *
   * @returns the tick counter and every player's state.
   */
  snapshot(): Snapshot {
    const players: PlayerState[] = [...this.#bodies.values()].map(({ id, x, y, lastSeq }) => ({ id, x, y, lastSeq }));
    return { tick: this.#tick, players };
  }
}

const clamp = (value: number): number => Math.min(ARENA_SIZE, Math.max(0, value));
