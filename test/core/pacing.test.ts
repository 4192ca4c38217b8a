import test from 'ava';
import { EMPTY_RUN, FOUND_RUN, answerEmpty, answerFound } from '../../src/core/pacing.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test.serial('empty answers come at once up to EMPTY_RUN a turn, then on the next turn; a new turn or an answer with data starts the run again', async (t) => {
  await nextTurn();
  const settled = Promise.resolve('empty');
  for (let i = 0; i < EMPTY_RUN; i++) t.is(answerEmpty(settled, 'empty'), settled);
  const paced = answerEmpty(settled, 'empty');
  t.not(paced, settled, 'the run is over: the answer comes on the next turn');
  t.is(await paced, 'empty');
  t.is(answerEmpty(settled, 'empty'), settled, 'a new turn starts a new run');
  for (let i = 1; i < EMPTY_RUN; i++) answerEmpty(settled, 'empty');
  await answerFound('data');
  t.is(answerEmpty(settled, 'empty'), settled, 'an answer with data starts a new run');
});

test.serial('answers with data come at once, except one in FOUND_RUN', async (t) => {
  await nextTurn();
  const settled = Promise.resolve('data');
  let atOnce = 0;
  for (let i = 0; i < 2 * FOUND_RUN; i++) if (answerFound('data', settled) === settled) atOnce++;
  t.is(atOnce, 2 * FOUND_RUN - 2);
});
