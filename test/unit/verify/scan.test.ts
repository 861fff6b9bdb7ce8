import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLOCK, clockValue, numbersOf } from '../../../src/core/verify/numbers';
import { docOf } from '../../../src/core/verify/doc';
import { KEY_GATE, mayHaveKeys } from '../../../src/core/verify/bbox';
import { RESTATE_WORD, SENT_END, restateWordAt, sentenceEnds } from '../../../src/core/verify/doc';

/** The hand-written sentence splitter must find exactly the match ends a SENT_END scan finds. */
test('sentenceEnds matches a SENT_END scan', () => {
  const texts = [
    'It is swimming. So yes!', 'Is it? Yes.', 'a.b c. d', '"Done." Next', "He said 'no.' Then", 'x.).y z', '...', '?!', '!? a',
    'One.\nTwo', 'a\n\n\nb', '.\n.', 'end.', 'x.)', 'x.*]"\' y', 'x. ', '\n', '', 'no end', '3.5 and 2.5.', 'q.\u00a0r', 'a.\u2003b',
    'a.’ b', 'a.’x', '.).', 'a?.!"  b',
  ];
  let seed = 11;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const parts = [' ', '\t', '\n', '\u00a0', '.', '!', '?', '"', "'", '’', ')', ']', '*', 'a', 'b1', '..', ',', '('];
  for (let i = 0; i < 5000; i++) {
    let t = '';
    for (let k = 0; k < 10; k++) t += parts[Math.floor(rnd() * parts.length)];
    texts.push(t);
  }
  const re = new RegExp(SENT_END.source, 'g');
  for (const t of texts) {
    const want: number[] = [];
    re.lastIndex = 0;
    while (re.test(t)) want.push(re.lastIndex);
    assert.deepEqual(sentenceEnds(t), want, JSON.stringify(t));
  }
});

/** The first restated-question word, found by indexOf, must be where RESTATE_WORD first matches. */
test('restateWordAt matches RESTATE_WORD', () => {
  const texts = ['', 'q', 'ask', 'as k', 'aask', 'kask', 'the question asks', 'we need to determine whether', 'decide', 'figure out', 'figure  out', 'identify', 'sk ask', 'k', 'ak', 'a'];
  let seed = 13;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const parts = ['a', 's', 'k', 'q', ' ', 'as', 'determin', 'e', 'decid', 'figure', ' out', 'identif', 'y', 'x'];
  for (let i = 0; i < 5000; i++) {
    let t = '';
    for (let k = 0; k < 8; k++) t += parts[Math.floor(rnd() * parts.length)];
    texts.push(t);
  }
  for (const t of texts) {
    const m = RESTATE_WORD.exec(t);
    assert.equal(restateWordAt(t), m ? m.index : -1, JSON.stringify(t));
  }
});

/** Clock times read by hand must give what split() and Number() give. */
test('clockValue matches the split/Number reading', () => {
  const slow = (text: string): number => {
    const [main = '0', frac] = text.split('.');
    let secs = 0;
    for (const p of main.split(':')) secs = secs * 60 + Number(p);
    return frac ? secs + Number(`0.${frac}`) : secs;
  };
  const texts = ['0:12', '00:00:12', '1:02:03.5', '59:59.999', '0:00.1', '12:34.12345678901234', '12:34.123456789012345678', '9:07.0'];
  let seed = 17;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const d = (n: number): string => Array.from({ length: n }, () => String(Math.floor(rnd() * 10))).join('');
  for (let i = 0; i < 5000; i++) {
    let t = `${d(1 + Math.floor(rnd() * 2))}:${d(2)}`;
    if (rnd() < 0.5) t += `:${d(2)}`;
    if (rnd() < 0.6) t += `.${d(1 + Math.floor(rnd() * 17))}`;
    texts.push(t);
  }
  for (const t of texts) assert.ok(CLOCK.test(t), t);
  for (const t of texts) assert.equal(clockValue(t), slow(t), t);
});

/** One pass for digits and number words must read what a digit pass and then a word pass read. */
test('numbersOf reads the same numbers in one pass or two', () => {
  const texts = [
    'about eighty-two point five points, then 3 × 8.5 = 25.5', 'a hundred and twelve reps in 0:12.5', '5five 5.five five.5 an eleven',
    'twenty one, 21; frame 360 to frame 930 at 30 fps', 'one:two 1:2 1:22 between 80 and 85 -3 x1 −4', 'it is nine-teen or nineteen',
  ];
  let seed = 19;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const parts = ['one', 'two', 'twenty', 'hundred', 'and', 'point', 'a', 'an', ' ', '-', '.', ':', '1', '23', '4.5', 's', 'points', 'frame', 'x', ','];
  for (let i = 0; i < 3000; i++) {
    let t = '';
    for (let k = 0; k < 12; k++) t += parts[Math.floor(rnd() * parts.length)];
    texts.push(t);
  }
  for (const t of texts) {
    docOf('-');
    const once = numbersOf(docOf(t));
    docOf('-');
    const d = docOf(t);
    numbersOf(d, false);
    assert.deepEqual(numbersOf(d), once, JSON.stringify(t));
  }
});

/** The box key gate read from digit-run starts must say what a KEY_GATE scan says. */
test('mayHaveKeys matches KEY_GATE', () => {
  const texts = ['x1 = 0.1', 'width of 0.3', 'left is -0.2', 'is5', 'xis5', 'is- 5', 'is -5', 'is--5', 'of.5', '12:5', 'of\n 7', 'so 5', 'if 3', 'f 2', ''];
  let seed = 23;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const parts = ['of', 'is', 'i', 's', 'o', 'f', ' ', '\u00a0', '-', '.', '1', '23', 'x', '=', ':', ',', 'width'];
  for (let i = 0; i < 5000; i++) {
    let t = '';
    for (let k = 0; k < 8; k++) t += parts[Math.floor(rnd() * (i % 2 ? parts.length - 3 : parts.length))];
    texts.push(t);
  }
  for (const t of texts) {
    docOf('-');
    const d = docOf(t);
    assert.equal(mayHaveKeys(d), KEY_GATE.test(d.lower), JSON.stringify(t));
  }
});
