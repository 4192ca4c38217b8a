import test from 'ava';
import { ReusableWait } from '../../src/core/ReusableWait.js';

/** A wait whose answer and failure the test triggers. */
class Wait extends ReusableWait<string, string> {
  give(suffix: string): void {
    this.answer(`${this.target}${suffix}`);
  }

  breakWith(error: unknown): void {
    this.fail(error);
  }
}

test('a wait answers its own Promise with what it was given, then begins again for the next caller', async (t) => {
  const wait = new Wait();
  t.true(wait.answered, 'a wait never begun may begin');
  const first = wait.begin('a');
  t.false(wait.answered);
  wait.give('!');
  t.true(wait.answered);
  const second = wait.begin('b');
  wait.give('?');
  t.is(await first, 'a!');
  t.is(await second, 'b?');
});

test('a failed wait rejects its Promise with the error itself (not a wrapper), and is free to begin again', async (t) => {
  const wait = new Wait();
  const error = new RangeError('filling the target threw');
  const failed = wait.begin('a');
  wait.breakWith(error);
  t.true(wait.answered);
  t.is(await t.throwsAsync(failed), error);
  const next = wait.begin('b');
  wait.give('');
  t.is(await next, 'b');
});

test('two waits made one after the other each keep their own resolve function', async (t) => {
  const one = new Wait();
  const two = new Wait();
  const first = one.begin('1');
  const second = two.begin('2');
  two.give('');
  one.give('');
  t.deepEqual(await Promise.all([first, second]), ['1', '2']);
});

test('a failure with a value that is not an Error still rejects with that value', async (t) => {
  const wait = new Wait();
  const failed = wait.begin('a');
  wait.breakWith('plain reason');
  await failed.then(
    () => t.fail('it resolved'),
    (reason: unknown) => t.is(reason, 'plain reason'),
  );
});
