import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VerifyLabel } from '../../../src/core/verify/labels';
import { verifyAll, verifyLabel } from '../../../src/core/verify/verify';
import { synonymsOf } from '../../../src/core/verify/lexicon';
import { reword } from '../../../src/core/verify/reword';
import { kept, selectionOf } from '../../../src/core/export/select';
import { VerdictRecord, serializeVerdict } from '../../../src/core/cycles/records';

/** One rule per test, on answers in the words of Kinetics-700, SSv2, STAR and FineDiving. */
const SWIM = ['swimming backstroke', 'swimming breast stroke', 'swimming butterfly stroke', 'swimming front crawl'];
const cls = (value: string, all: string[]): VerifyLabel => VerifyLabel.parse({ type: 'class', value, rivals: all.filter((x) => x !== value) });
const check = (answer: string, label: unknown, question?: string) => verifyLabel(answer, VerifyLabel.parse(label), question);

test('WordNet synonyms come from the database, lazily: bicycle = bike, ukulele = uke, shut = close', () => {
  assert.ok(synonymsOf('bicycle').includes('bike'));
  assert.ok(synonymsOf('ukulele').includes('uke'));
  assert.ok(synonymsOf('shut').includes('close'));
  // Proper names are not synonyms ("Hoover" the president), and an unknown word has none.
  assert.ok(!synonymsOf('hoover').some((w) => w.includes('edgar')));
  assert.deepEqual(synonymsOf('zzzqx'), []);
  // First and last lemmas of the sorted index are found (binary search edges).
  assert.ok(synonymsOf('zymase').length >= 0);
});

test('class: the words that single it out among its rivals name it ("front crawl" for "swimming front crawl")', () => {
  assert.equal(verifyLabel('The swimmer turns the head to breathe. This is front crawl.', cls('swimming front crawl', SWIM)).pass, true);
  // Only what every rival shares: not named.
  assert.equal(verifyLabel('A man moves through the water. He is swimming.', cls('swimming front crawl', SWIM)).pass, false);
  // A rival's own words: fails.
  assert.equal(verifyLabel('She floats on her back. This is backstroke.', cls('swimming front crawl', SWIM)).pass, false);
});

test('class: synonyms from WordNet ("a bicycle" for "riding a bike"), while a rival that holds the label wins on its own word', () => {
  const RIDE = ['riding a bike', 'riding unicycle', 'riding mountain bike', 'motorcycling'];
  assert.equal(verifyLabel('A boy pedals a bicycle down the lane.', cls('riding a bike', RIDE)).pass, true);
  assert.equal(verifyLabel('He bounces down a forest trail. He is mountain biking.', cls('riding a bike', RIDE)).pass, false);
  assert.equal(verifyLabel('He bounces down a forest trail. He is mountain biking.', cls('riding mountain bike', RIDE)).pass, true);
});

test('class: STAR choices with slashes and SSv2 places ("drops it inside the cup" for "putting coin into cup")', () => {
  const star = ['The closet/cabinet.', 'The blanket.', 'The clothes.', 'The table.'];
  assert.equal(verifyLabel('She straightens the towels and closes the cabinet.', cls('The closet/cabinet.', star)).pass, true);
  const coin = ['putting coin into cup', 'putting coin next to cup', 'putting coin onto cup'];
  assert.equal(verifyLabel('The hand drops the coin inside the cup.', cls('putting coin into cup', coin)).pass, true);
  assert.equal(verifyLabel('The hand places the coin beside the cup.', cls('putting coin into cup', coin)).pass, false);
});

test('class: a template direction said the other way round fails, even with every word of the label', () => {
  const pen = ['pushing pen from left to right', 'pushing pen from right to left'];
  const c = verifyLabel('The pen is pushed from right to left.', cls('pushing pen from left to right', pen));
  assert.equal(c.pass, false);
  assert.match(c.reason, /other way round/);
  assert.equal(verifyLabel('The hand pushes the pen, moving it from the left to the right.', cls('pushing pen from left to right', pen)).pass, true);
});

test('class: without rivals nothing is guessed from synonyms ("riding a tricycle" is not "riding a bike")', () => {
  assert.equal(check('The child pedals a tricycle. The activity is riding a tricycle.', { type: 'class', value: 'riding a bike' }).pass, false);
});

test('class without rivals: the thing alone ("front crawl") is an uncertain pass; another verb or word on it fails', () => {
  const v = verifyAll('The swimmer turns the head to breathe. This is front crawl.', [VerifyLabel.parse({ type: 'class', value: 'swimming front crawl' })]);
  assert.equal(v.pass, true);
  assert.equal(v.uncertain, true);
  assert.equal(check('They crack eggs into a pan. The person is frying eggs.', { type: 'class', value: 'scrambling eggs' }).pass, false);
  assert.equal(check('He bounces down a trail. He is mountain biking.', { type: 'class', value: 'riding a bike' }).pass, false);
  assert.equal(check('The pen travels from right to left.', { type: 'class', value: 'pushing pen from left to right' }).pass, false);
});

test('yes/no: an outcome stated without yes or no, read against the question', () => {
  const q = 'Does the ball go into the basket?';
  assert.equal(check('The ball hits the rim and bounces out onto the floor.', { type: 'yes_no', value: false }, q).pass, true);
  assert.equal(check('The ball hits the rim and bounces out onto the floor.', { type: 'yes_no', value: true }, q).pass, false);
  assert.equal(check('She twists the cap, but she only pretends to.', { type: 'yes_no', value: false }, 'Does she open the bottle?').pass, true);
  assert.equal(check('He tries the handle but it will not open; the door is locked.', { type: 'yes_no', value: true }, 'Is the door locked?').pass, true);
  // The question asks about the very outcome: not a contrary one.
  assert.equal(check('The ball bounces out of the court.', { type: 'yes_no', value: true }, 'Does the ball bounce out?').pass, true);
});

test('numbers: counts and durations in words, m:ss for seconds, percent and fraction', () => {
  assert.equal(check('It bounces thrice.', { type: 'number', value: 3, absTol: 0 }).pass, true);
  assert.equal(check('He claps twice.', { type: 'number', value: 3, absTol: 0 }).pass, false);
  assert.equal(check('The rally lasts half a minute.', { type: 'number', value: 30, unit: 's' }).pass, true);
  assert.equal(check('The rally lasts about 30 minutes.', { type: 'number', value: 30, unit: 's' }).pass, false);
  assert.equal(check('The goal comes at 1:05.', { type: 'number', value: 65, unit: 's' }).pass, true);
  assert.equal(check('The goal comes at 1:50.', { type: 'number', value: 65, unit: 's' }).pass, false);
  assert.equal(check('The ball is visible for 40% of the clip.', { type: 'number', value: 0.4 }).pass, true);
  assert.equal(check('The ball is visible for 4% of the clip.', { type: 'number', value: 0.4 }).pass, false);
  assert.equal(check('The ball is visible for 0.4 of the clip.', { type: 'number', value: 40, unit: '%' }).pass, true);
  // Another unit does not pass silently.
  assert.equal(check('The bar is set at 5.8 feet.', { type: 'number', value: 5.8, unit: 'm' }).pass, false);
  assert.equal(check('The bar is set at 5.8 metres.', { type: 'number', value: 5.8, unit: 'm' }).pass, true);
});

test('rewording keeps every offset: the reworded text has the answer\'s length', () => {
  const a = 'From the very start until about 9 seconds he stirs; it lasts half a minute.';
  const r = reword(a, VerifyLabel.parse({ type: 'temporal_range', value: [0, 9] }));
  assert.ok(r !== null);
  assert.equal(r.length, a.length);
  assert.equal(reword('Nothing to reword here.', VerifyLabel.parse({ type: 'number', value: 3 })), null);
});

test('temporal range: "the 12-second mark", "from the very start", "in the first 15 seconds"', () => {
  assert.equal(check('The ball is in the air from the 8-second mark through the 14-second mark.', { type: 'temporal_range', value: [8, 14] }).pass, true);
  assert.equal(check('From the very start until about 9 seconds he stirs the pot.', { type: 'temporal_range', value: [0, 9] }).pass, true);
  assert.equal(check('From the very start until about 25 seconds he stirs the pot.', { type: 'temporal_range', value: [0, 9] }).pass, false);
  assert.equal(check('He waves in the first 15 seconds of the clip.', { type: 'temporal_range', value: [0, 15] }).pass, true);
});

test('bbox: ranges per axis, edges, and the asked object\'s box among several', () => {
  const b = { type: 'bbox', value: [0.1, 0.2, 0.5, 0.6] };
  assert.equal(check('The dog lies with x between 0.1 and 0.5 and y between 0.2 and 0.6.', b).pass, true);
  assert.equal(check('The dog lies with x between 0.6 and 0.9 and y between 0.2 and 0.6.', b).pass, false);
  assert.equal(check('Horizontally it spans from 10% to 50% of the width, vertically from 20% to 60% of the height.', b).pass, true);
  const q = 'Where is the dog in the frame?';
  assert.equal(check('The cat is at [0.6, 0.1, 0.9, 0.4] and the dog is at [0.1, 0.2, 0.5, 0.6].', b, q).pass, true);
  assert.equal(check('The dog is at [0.6, 0.1, 0.9, 0.4], while the cat sits at [0.1, 0.2, 0.5, 0.6].', b, q).pass, false);
});

test('uncertain: a loose match carries a confidence; an uncertain pass waits for a person', () => {
  const v = verifyAll('The swimmer turns the head to breathe. This is front crawl.', [cls('swimming front crawl', SWIM)]);
  assert.equal(v.pass, true);
  assert.ok(typeof v.confidence === 'number' && v.confidence < 1);
  const sure = verifyAll('Therefore, the person is swimming front crawl.', [cls('swimming front crawl', SWIM)]);
  assert.equal(sure.confidence, undefined);
  assert.equal(sure.uncertain, undefined);
  assert.equal(kept(null, true, true), false);
  assert.equal(kept('accept', true, true), true);
  assert.equal(kept(null, true, true, true), true);
  assert.equal(kept(null, true, false), true);
});

test('verdict records: uncertain is additive; old lines still parse and export as before', () => {
  const old = JSON.parse('{"attemptId":"a1","pass":true,"cycle":1,"verifier":"label-match@1","checks":[]}');
  const r = VerdictRecord.parse(old);
  assert.equal(r.uncertain, undefined);
  assert.equal(serializeVerdict(r), '{"attemptId":"a1","pass":true,"cycle":1,"verifier":"label-match@1","checks":[]}\n');
  const u = VerdictRecord.parse({ ...old, uncertain: true, confidence: 0.6 });
  const back = VerdictRecord.parse(JSON.parse(serializeVerdict(u)));
  assert.equal(back.uncertain, true);
  assert.equal(back.confidence, 0.6);
  const sample = { verdict: { pass: true, uncertain: true }, review: null } as unknown as Parameters<typeof selectionOf>[0];
  assert.deepEqual(selectionOf(sample), { keep: false, reason: 'verdict-uncertain' });
  assert.deepEqual(selectionOf({ ...sample, review: 'accept' } as typeof sample), { keep: true, reason: 'review-accept' });
});

test('sequence: FineDiving codes spelt out, said whole ("three and a half … pike" is not 3.5 Soms.Pos.C)', () => {
  const dive = { type: 'sequence', value: ['Inward', '3.5 Soms.Pos.C', 'Entry'] };
  assert.equal(check('She rotates inward, does three and a half somersaults in the tuck position, then enters the water.', dive).pass, true);
  assert.equal(check('She rotates inward, does three and a half somersaults in the pike position, then enters the water.', dive).pass, false);
  const fwd = { type: 'sequence', value: ['Forward', '2.5 Soms.Pike', 'Entry'] };
  assert.equal(check('Forward take-off, 2.5 somersaults piked, then a clean entry.', fwd).pass, true);
  assert.equal(check('Forward take-off, two and a half somersaults piked, then a clean entry.', { type: 'sequence', value: ['Forward', '3.5 Soms.Pike', 'Entry'] }).pass, false);
});

test('sequence: steps in the answer\'s own words (faucet for tap, refrigerator for fridge, dries for dry), order still counts', () => {
  const tap = { type: 'sequence', value: ['turn on the tap', 'wash hands', 'dry hands'] };
  assert.equal(check('She turns the faucet on, washes her hands and dries her hands on a towel.', tap).pass, true);
  assert.equal(check('She washes her hands, dries her hands, and then turns the faucet on.', tap).pass, false);
  const fridge = { type: 'sequence', value: ['open the fridge', 'take out the milk', 'close the fridge'] };
  assert.equal(check('She opens the refrigerator, takes the milk out, and closes the refrigerator door.', fridge).pass, true);
});

test('numbers: the part the question asks for beats the total, and "comes to" commits', () => {
  const a = 'There are six people on the trampoline in total, and two of them are jumping.';
  assert.equal(check(a, { type: 'number', value: 2, absTol: 0 }, 'How many of the people are jumping?').pass, true);
  assert.equal(check(a, { type: 'number', value: 6, absTol: 0 }, 'How many of the people are jumping?').pass, false);
  assert.equal(check('Two are jumping while the rest watch; there are six people in total.', { type: 'number', value: 6, absTol: 0 }, 'How many people are in the video?').pass, true);
  assert.equal(check('With the difficulty of 3.5, the total comes to 64.8.', { type: 'number', value: 64.8 }).pass, true);
});

test('temporal range: an end said by what ends ("lands at 0:31"), a time "seconds in"', () => {
  assert.equal(check('At 0:02 he stretches. He starts running at 0:12 and lands in the pit at 0:31.', { type: 'temporal_range', value: [12, 31] }).pass, true);
  assert.equal(check('The car reverses from half a minute in until 0:45.', { type: 'temporal_range', value: [30, 45] }).pass, true);
  assert.equal(check('The car reverses from 5 seconds in until 0:45.', { type: 'temporal_range', value: [30, 45] }).pass, false);
});
