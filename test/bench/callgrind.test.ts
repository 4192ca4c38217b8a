/**
 * The arithmetic of `npm run bench:instructions` (the valgrind runs themselves are not part of
 * `npm test`): callgrind_annotate's lines parsed, JIT addresses named from a perf map, the cost
 * per packet as the difference of two runs, one-off work kept out of the steady figure.
 */
import test from 'ava';
import { largestDifferences, nameJit, parseAnnotate, perPacket } from '../../bench/lib/callgrind.js';

const ANNOTATED = `--------------------------------------------------------------------------------
Profile data file 'x.callgrind' (creator: callgrind-3.19.0)
--------------------------------------------------------------------------------
Ir
--------------------------------------------------------------------------------
3,000,000 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                  file:function
--------------------------------------------------------------------------------
1,200,000 (40.00%)  ???:Builtins_RunMicrotasks [/usr/bin/node]
  900,000 (30.00%)  ???:0x0000000000001040 [???]
  600,000 (20.00%)  ???:v8::internal::compiler::GraphReducer::Reduce(v8::internal::compiler::Node*) [/usr/bin/node]
      300 ( 0.01%)  ./malloc/./malloc/malloc.c:_int_malloc [/usr/lib/x86_64-linux-gnu/libc.so.6]
`;

test('parseAnnotate reads each function line and skips the headers and totals', (t) => {
  const counts = parseAnnotate(ANNOTATED);
  t.is(counts.size, 4);
  t.is(counts.get('???:Builtins_RunMicrotasks [/usr/bin/node]'), 1_200_000);
  t.is(counts.get('./malloc/./malloc/malloc.c:_int_malloc [/usr/lib/x86_64-linux-gnu/libc.so.6]'), 300);
  t.false([...counts.keys()].some((name) => name.includes('PROGRAM TOTALS')));
});

test('nameJit names addresses inside a perf map entry, adds up same names, and leaves the rest', (t) => {
  const perfMap = ['1000 80 JS:*receive file:///repo/dist/src/tcp/TcpReader.js:46:12', '2000 10 JS:~receive file:///repo/dist/src/tcp/TcpReader.js:46:12', ''].join('\n');
  const counts = new Map([
    ['???:0x0000000000001040 [???]', 7],
    ['???:0x0000000000002004 [???]', 3],
    ['???:0x0000000000003000 [???]', 5],
    ['???:Builtins_RunMicrotasks [/usr/bin/node]', 2],
  ]);
  const named = nameJit(counts, perfMap, '/repo/dist/');
  t.deepEqual(
    [...named].sort(),
    [
      ['???:0x0000000000003000 [???]', 5],
      ['???:Builtins_RunMicrotasks [/usr/bin/node]', 2],
      ['JS receive src/tcp/TcpReader.js:46:12', 10],
    ].sort(),
  );
});

test('perPacket divides the growth between the runs and keeps compiler work out of the steady figure', (t) => {
  const short = new Map([
    ['f', 1_000],
    ['???:v8::internal::compiler::Pipeline [/usr/bin/node]', 50],
  ]);
  const long = new Map([
    ['f', 31_000],
    ['g', 3_000],
    ['???:v8::internal::compiler::Pipeline [/usr/bin/node]', 6_050],
  ]);
  const cost = perPacket(short, long, 300);
  t.is(cost.functions.get('f'), 100);
  t.is(cost.functions.get('g'), 10);
  t.is(cost.steady, 110);
  t.is(cost.all, 130);
  t.false(cost.functions.has('???:v8::internal::compiler::Pipeline [/usr/bin/node]'));
});

test('largestDifferences lists what grew most first and what shrank most first', (t) => {
  const base = new Map([
    ['a', 10],
    ['b', 10],
    ['c', 10],
  ]);
  const next = new Map([
    ['a', 40],
    ['b', 5],
    ['d', 20],
  ]);
  const { more, less } = largestDifferences(base, next, 2);
  t.deepEqual(more, [
    ['a', 10, 40],
    ['d', 0, 20],
  ]);
  t.deepEqual(less, [
    ['c', 10, 0],
    ['b', 10, 5],
  ]);
});
