import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyClass } from '../../../src/core/verify/class';
import type { ClassLabel } from '../../../src/core/verify/labels';

const label = (value: string, synonyms?: string[]): ClassLabel => ({ type: 'class', value, ...(synonyms ? { synonyms } : {}) });
const pass = (answer: string, value: string, synonyms?: string[]) => verifyClass(answer, label(value, synonyms)).pass;

test('inflections and lemma forms match the label', () => {
  assert.equal(pass('The man rides a skateboard down the ramp.', 'skateboarding'), true);
  assert.equal(pass('A skateboarder performs a kickflip.', 'skateboarding'), true);
  assert.equal(pass('The woman swam two laps of the pool.', 'swimming'), true);
  assert.equal(pass('He plays the guitar while sitting on a stool.', 'playing guitar'), true);
  assert.equal(pass('The guitar is being played by a man.', 'playing guitar'), true);
  assert.equal(pass('The boy does several pull-ups on a bar.', 'pull ups'), true);
  assert.equal(pass('This is blow-drying hair with a round brush.', 'blowdrying hair'), true);
});

test('compound nouns and bare nouns are not the activity', () => {
  assert.equal(pass('The person untangles a fishing line on the dock.', 'fishing'), false);
  assert.equal(pass('The man is carrying a surfboard along the beach.', 'surfing'), false);
  assert.equal(pass('A woman walks beside a bike, pushing a bike up the hill.', 'biking'), false);
  assert.equal(pass('A man rides a bike along the river.', 'biking'), true);
});

test('the check carries the matched span and text', () => {
  const answer = 'Step 1: water. Therefore, the person is swimming.';
  const c = verifyClass(answer, label('swimming'));
  assert.equal(c.pass, true);
  assert.deepEqual(c.span, [answer.indexOf('swimming'), answer.indexOf('swimming') + 8]);
  assert.equal(c.extracted, 'swimming');
  assert.equal(c.score, 1);
  assert.equal(c.threshold, 1);
});

test('synonyms count as the class', () => {
  assert.equal(pass('The person is riding a bike on a trail.', 'cycling', ['riding a bike']), true);
  assert.equal(pass('The person is riding a horse on a trail.', 'cycling', ['riding a bike']), false);
});

test('word boundaries: "art" is not "start"', () => {
  assert.equal(pass('The runners start the race at the signal.', 'art'), false);
  assert.equal(pass('The child makes art with crayons.', 'art'), true);
});

test('negation fails the label', () => {
  assert.equal(pass('She is not swimming; she stands by the pool.', 'swimming'), false);
  assert.equal(pass('No one is swimming in the pool.', 'swimming'), false);
  assert.equal(pass("The person isn't swimming, just sitting.", 'swimming'), false);
  assert.equal(pass('Swimming can be ruled out because the pool is empty.', 'swimming'), false);
  assert.equal(pass('There is no doubt that the person is swimming.', 'swimming'), true);
  assert.equal(pass('It is not dancing, it is swimming.', 'swimming'), true);
});

test('a label only in the restated question fails', () => {
  const a = 'Is the person swimming or running? The person moves quickly along a track. So the answer is running.';
  assert.equal(pass(a, 'swimming'), false);
  assert.equal(pass(a, 'running'), true);
  assert.equal(pass('The question asks whether the person is swimming. The person stands on dry land.', 'swimming'), false);
});

test('candidate lists: the final choice wins', () => {
  const a = 'It could be dancing or swimming, but it is dancing.';
  assert.equal(pass(a, 'swimming'), false);
  assert.equal(pass(a, 'dancing'), true);
  assert.equal(pass('The options are dancing, swimming or running. Therefore, the answer is dancing.', 'swimming'), false);
});

test('near-miss classes fail', () => {
  assert.equal(pass('The athlete spins and throws the hammer.', 'throwing discus'), false);
  assert.equal(pass('The athlete spins and throws the discus.', 'throwing discus'), true);
  assert.equal(pass('He is playing a bass guitar on stage.', 'playing guitar'), false);
  assert.equal(pass('He is playing an acoustic guitar on stage.', 'playing guitar'), true);
  const c = verifyClass('The athlete is throwing a hammer.', label('throwing discus'));
  assert.ok(c.score > 0 && c.score < 1, 'a near miss scores the matched fraction');
});

test('the conclusion decides over earlier mentions', () => {
  assert.equal(pass('At first the person seems to be swimming. Therefore, the activity is diving.', 'swimming'), false);
  assert.equal(pass('The person stands near the pool. They swim laps. Therefore, this is the activity shown.', 'swimming'), true);
  assert.equal(pass('Answer: swimming.\nStep 1: the person is in a pool.\nStep 2: arms move in strokes.', 'swimming'), true);
  assert.equal(pass('The person enters the water.', 'swimming'), false);
});

test('a conclusion that commits to another class fails, even without an answer marker', () => {
  const shape = (answer: string) => verifyClass(answer, { type: 'class', value: 'circle', field: 'shape' });
  const answer = 'I see a blue circle moving to the left. Its outline looks like a triangle. So the shape is a triangle.';
  const c = shape(answer);
  assert.equal(c.pass, false);
  assert.equal(c.reason, 'conclusion names "triangle" instead');
  // The span is the conclusion (its sentence from the marker on), not the earlier "looks like a triangle".
  const [from, to] = c.span as [number, number];
  assert.ok(from > answer.indexOf('Its outline'), `span ${JSON.stringify(c.span)}`);
  assert.equal(c.extracted, answer.slice(from, to).trim());
  assert.match(String(c.extracted), /^So the shape is a triangle/);
  // The field's name or a noun for what is asked, a pronoun, or a person with "a"/"an" ahead of the class.
  assert.equal(shape('A blue circle moves left. So the shape was a big triangle.').pass, false);
  assert.equal(shape('A blue circle moves left. So the object is a triangle.').pass, false);
  assert.equal(shape('A blue circle moves left. So it is a triangle.').pass, false);
  assert.equal(shape("A blue circle moves left. So it's a triangle.").pass, false);
  assert.equal(shape('A blue circle moves left. Therefore, this is a triangle shape.').pass, false);
  assert.equal(shape('A blue circle moves left. So the shape looks like a square.').pass, false);
  assert.equal(shape('A blue circle moves left. So, the shape is: a square.').pass, false);
  assert.equal(shape("A blue circle moves left. So the object's shape is a star.").pass, false);
  assert.equal(shape('A blue circle moves left. Thus the shape is clearly square.').pass, false);
  assert.equal(pass('The man is in the pool. They swim laps. So the sport is diving.', 'swimming'), false);
  assert.equal(verifyClass('A blue circle moves left. So the item is square.', label('circle')).reason, 'conclusion names "square" instead');
});

test('a conclusion that only refers back still passes', () => {
  const shape = (answer: string) => verifyClass(answer, { type: 'class', value: 'circle', field: 'shape' }).pass;
  assert.equal(shape('I see a blue circle moving to the left. So that is the answer.'), true);
  assert.equal(shape('I see a blue circle moving to the left. So the shape is as described above.'), true);
  assert.equal(shape('I see a blue circle moving to the left. So the shape is the one described above.'), true);
  assert.equal(shape('I see a blue circle moving to the left. So the shape is not a triangle.'), true);
  assert.equal(shape('I see a blue circle moving to the left. So it is the correct shape.'), true);
  assert.equal(pass('The person stands near the pool. They swim laps. Therefore, this is the activity shown.', 'swimming'), true);
  assert.equal(pass('The man swims laps in a pool. Therefore, the person is a strong athlete.', 'swimming'), true);
  // Only what is asked, a pronoun or a person commits; other subjects describe something else.
  assert.equal(pass('The man swims laps in a pool. So the water is cold.', 'swimming'), true);
  assert.equal(pass('The man swims laps in a pool. So the scene is an indoor pool.', 'swimming'), true);
  assert.equal(pass('The man swims laps in a pool. So the action shown is the same throughout.', 'swimming'), true);
  assert.equal(pass('The man swims laps in a pool. So this is a competitive event.', 'swimming'), true);
});

test('committed conclusions: verb forms, colours and referring nouns', () => {
  const field = (value: string, f: string) => (answer: string) => verifyClass(answer, { type: 'class', value, field: f }).pass;
  const shape = field('circle', 'shape');
  assert.equal(shape('A blue circle moves left. So the shape is located on the left.'), true);
  assert.equal(shape('A blue circle moves left. So this is a good example of it.'), true);
  assert.equal(shape('A blue circle moves left. So the shape is a kind of triangle.'), false);
  assert.equal(shape('A blue circle moves left. So it is a good example of a triangle.'), false);
  assert.equal(shape('A blue circle moves left. So it is a kind of shape.'), true);
  const color = field('blue', 'color');
  assert.equal(color('I see a blue ball rolling. So the color is red.'), false);
  assert.equal(color('I see a blue ball rolling. So the color is the one seen above.'), true);
  assert.equal(field('blue', 'ball_colour')('I see a blue ball rolling. So it is a bright green.'), false);
});

test('rivals: the decisive statement must not name another class of the field last', () => {
  const shapes = ['circle', 'triangle', 'square'].filter((x) => x !== 'circle');
  const circle = (answer: string, rivals: string[] | null = shapes) =>
    verifyClass(answer, { type: 'class', value: 'circle', field: 'shape', ...(rivals ? { rivals } : {}) });
  // No conclusion marker: the final sentence decides.
  const c = circle("I see a red circle moving left. It's a triangle.");
  assert.equal(c.pass, false);
  assert.equal(c.reason, 'final sentence names the rival class "triangle" last');
  assert.equal(c.extracted, 'triangle');
  // Without rivals the verifier cannot tell the rival from any other word: unchanged.
  assert.equal(circle("I see a red circle moving left. It's a triangle.", null).pass, true);
  // A final sentence naming no class leaves the earlier mention deciding.
  assert.equal(circle('I see a red circle moving left. It is a sunny day.').pass, true);
  // Rivals ruled out earlier, or after the label, negated, still pass.
  assert.equal(circle('It is not a triangle, and not a square. So it is a circle.').pass, true);
  assert.equal(circle('So the shape is a circle, not a triangle.').pass, true);
  assert.equal(circle('The red circle moves left. It could be a triangle, though.').pass, true);
  // In the conclusion, the rival named after the label decides.
  assert.equal(circle('The shape is round. Therefore, it is not a circle; it is a triangle.').pass, false);
  assert.equal(circle('At first I thought it was a circle. Therefore, the shape is a square.').pass, false);
  assert.equal(circle('A triangle sits still while a circle moves. So the moving shape is the circle.').pass, true);
});

test('rivals: one containing the label wins, one inside the label does not', () => {
  const v = (answer: string, value: string, rivals: string[]) => verifyClass(answer, { type: 'class', value, rivals }).pass;
  assert.equal(v('Therefore he plays the bass guitar.', 'guitar', ['bass guitar', 'violin']), false);
  assert.equal(v('Therefore he plays the guitar.', 'guitar', ['bass guitar', 'violin']), true);
  assert.equal(v('Therefore, he is playing guitar.', 'playing guitar', ['guitar', 'playing violin']), true);
  // Synonyms and the label itself are never rivals, even when listed.
  assert.equal(v('So the person is skateboarding.', 'skateboarding', [' Skateboarding', 'surfing']), true);
  // A class of its own (not a synonym) is a rival, however close.
  assert.equal(v('So the person is skating.', 'skateboarding', ['skating', 'surfing']), false);
  assert.equal(verifyClass('So the person is skating.', { type: 'class', value: 'skateboarding', synonyms: ['skating'], rivals: ['skating', 'surfing'] }).pass, true);
  // The same rivals given as fresh arrays (as parsed) and as one shared array agree.
  const shared = ['triangle', 'square'];
  for (let i = 0; i < 3; i++) {
    assert.equal(v('A circle moves. It is a square.', 'circle', shared), false);
    assert.equal(v('A circle moves. It is a square.', 'circle', ['triangle', 'square']), false);
    assert.equal(v('A circle moves. It is a circle.', 'circle', shared), true);
  }
});

test('rivals: a large vocabulary (only phrases with a word in the answer are tried) decides the same', () => {
  const sports = ['basketball', 'volleyball', 'tennis', 'golf', 'hockey', 'cricket', 'rugby', 'baseball'];
  const verbs = ['playing', 'watching', 'practicing', 'coaching', 'learning'];
  const vocab = verbs.flatMap((v) => sports.map((s) => `${v} ${s}`));
  assert.ok(vocab.length > 32);
  const v = (answer: string) => verifyClass(answer, { type: 'class', value: 'playing tennis', rivals: vocab.filter((x) => x !== 'playing tennis') });
  assert.equal(v('He hits a ball over a net with a racket. Therefore, he is playing tennis.').pass, true);
  assert.equal(v('He swings a club on the green. Therefore, he is playing golf.').reason, 'conclusion names the rival class "playing golf" last');
  assert.equal(v('He is playing tennis at first. Later he is coaching tennis.').pass, false);
  assert.equal(v('It is not playing golf. So he is playing tennis.').pass, true);
});
