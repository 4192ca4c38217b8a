import type { GroupPlan } from './summary.js';

/** A group with the implementations it runs and how to run one. */
export interface Group {
  readonly plan: GroupPlan;
  readonly impls: readonly string[];
  /**
   * The run leaves the machine busy for a while (the idle case tears down 10,000 sockets, and
   * Java's server 10,000 threads): run it after every other group, and let the machine settle
   * after each run.
   */
  readonly disruptive?: boolean;
  run(impl: string): Promise<Readonly<Record<string, number>>>;
}
