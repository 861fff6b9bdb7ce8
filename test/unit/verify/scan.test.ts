import { test } from 'node:test';
import assert from 'node:assert/strict';
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
