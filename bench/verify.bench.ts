/**
 * Verifier throughput on one core over 1M generated LVLM-style answers (a few hundred
 * templates × varied values, every label type), against a baseline measured in the same
 * run: a plain `/\d+/g` scan over the same answers. Answers are generated in chunks
 * (not timed) so memory stays small; labels are fresh objects per answer, as after JSON.parse.
 * Times are CPU time of this process (user + system), so other load on a shared machine
 * inflates them less than wall-clock time would.
 */
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
import type { VerifyLabel } from '../src/core/verify/labels';
import { verifyLabel } from '../src/core/verify/verify';

const TOTAL = Number(process.env.VERIFY_BENCH_N ?? 1_000_000);
const CHUNK = 50_000;

let seed = 42;
const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const r1 = (x: number): string => x.toFixed(1);
const r2 = (x: number): string => x.toFixed(2);

const CLASSES = ['skateboarding', 'swimming', 'playing guitar', 'throwing discus', 'riding a horse', 'juggling balls', 'making bread', 'chopping vegetables', 'climbing a ladder', 'shaving head', 'playing basketball', 'surfing', 'kayaking', 'push up', 'deadlifting', 'bouncing on trampoline', 'feeding baby', 'scrambling eggs', 'bowling', 'playing violin'];
const STEPS = [
  ['pick up the cup', 'pour water', 'drink from the cup'],
  ['crack the egg', 'whisk the egg', 'pour into the pan', 'stir with a spatula'],
  ['open the car door', 'sit in the driver seat', 'start the engine'],
  ['cross the laces', 'loop one lace', 'pull the knot tight'],
];
const INTROS = ['', 'Let me think step by step. ', 'Step 1: I look at the whole clip. ', 'The video is about 40 seconds long and filmed outdoors. ', 'Looking at the frames carefully, '];
const BODIES = [
  'The person is in the center of the frame and moves steadily. The background is a little blurry. ',
  'Step 1: The camera is static. Step 2: The subject moves from left to right. Step 3: Several people watch from the side. ',
  'There are 3 people visible, and the lighting is bright. The subject wears a red shirt and dark shorts. ',
  'At first it is hard to tell what is happening, but after a few seconds the motion becomes clear. ',
  'The clip shows repeated movements; each repetition takes about 2 seconds. ',
  '',
];

type Gen = () => { answer: string; label: VerifyLabel };
// text labels need a model (semantic matcher): not part of this rule-verifier bench.
const GENS: Record<Exclude<VerifyLabel['type'], 'text'>, Gen[]> = {
  class: [
    () => { const c = pick(CLASSES); return { answer: `${pick(INTROS)}${pick(BODIES)}Therefore, the person is ${c}.`, label: { type: 'class', value: c } }; },
    () => { const c = pick(CLASSES); const o = pick(CLASSES); return { answer: `${pick(INTROS)}It could be ${o} or ${c}. ${pick(BODIES)}So the answer is ${o}.`, label: { type: 'class', value: c } }; },
    () => { const c = pick(CLASSES); return { answer: `${pick(INTROS)}The person is not ${c}; ${pick(BODIES)}`, label: { type: 'class', value: c } }; },
    () => { const c = pick(CLASSES); return { answer: `Is the person ${c}? ${pick(BODIES)}The answer is ${c}, clearly.`, label: { type: 'class', value: c } }; },
  ],
  number: [
    () => { const v = 50 + rnd() * 50; return { answer: `${pick(INTROS)}The difficulty is 3.2 and the judges give about 8.5 each. 3.2 × 8.5 × 3 = 81.6. ${pick(BODIES)}Therefore, the final score is about ${r1(v * (0.9 + rnd() * 0.2))} points.`, label: { type: 'number', value: Number(r1(v)) } }; },
    () => { const v = 10 + Math.floor(rnd() * 20); return { answer: `${pick(BODIES)}I count ${v} jumps over 20 seconds, so the total is ${v}.`, label: { type: 'number', value: v, absTol: 1 } }; },
    () => { const v = 20 + rnd() * 60; return { answer: `${pick(INTROS)}Over the 3 seconds the ball moves at roughly ${r1(v)} pixels per second.`, label: { type: 'number', value: Number(r1(v)), unit: 'px/s' } }; },
  ],
  temporal_range: [
    () => { const s = Math.floor(rnd() * 30); const e = s + 5 + Math.floor(rnd() * 20); return { answer: `${pick(INTROS)}${pick(BODIES)}Therefore, the action happens from 0:${String(s).padStart(2, '0')} to 0:${String(e).padStart(2, '0')}.`, label: { type: 'temporal_range', value: [s, e] } }; },
    () => { const s = rnd() * 30; const d = 5 + rnd() * 20; return { answer: `${pick(BODIES)}The action starts at ${r1(s)} s and lasts ${r1(d)} seconds.`, label: { type: 'temporal_range', value: [Number(r1(s)), Number(r1(s + d))] } }; },
    () => { const s = Math.floor(rnd() * 900); const e = s + 150 + Math.floor(rnd() * 300); return { answer: `${pick(INTROS)}The movement spans frames ${s} to ${e} at 30 fps.`, label: { type: 'temporal_range', value: [s / 30, e / 30] } }; },
  ],
  bbox: [
    () => { const x = rnd() * 0.5; const y = rnd() * 0.5; return { answer: `${pick(INTROS)}${pick(BODIES)}Therefore, the bounding box is [${r2(x)}, ${r2(y)}, ${r2(x + 0.3)}, ${r2(y + 0.3)}].`, label: { type: 'bbox', value: [Number(r2(x)), Number(r2(y)), Number(r2(x + 0.3)), Number(r2(y + 0.3))] } }; },
    () => { const x = rnd() * 0.5; const y = rnd() * 0.5; return { answer: `${pick(BODIES)}The box is centered at (${r2(x + 0.15)}, ${r2(y + 0.15)}) with width 0.3 and height 0.3.`, label: { type: 'bbox', value: [Number(r2(x)), Number(r2(y)), Number(r2(x + 0.3)), Number(r2(y + 0.3))] } }; },
    () => { const x = Math.floor(rnd() * 300); const y = Math.floor(rnd() * 150); return { answer: `${pick(INTROS)}In the 640x360 frame the object spans from (${x}, ${y}) to (${x + 200}, ${y + 120}).`, label: { type: 'bbox', value: [x / 640, y / 360, (x + 200) / 640, (y + 120) / 360] } }; },
  ],
  sequence: [
    () => { const s = pick(STEPS); return { answer: `${pick(INTROS)}First, the person will ${s.join(', then ')}. ${pick(BODIES)}`, label: { type: 'sequence', value: s } }; },
    () => { const s = pick(STEPS); return { answer: `${s.map((x, i) => `Step ${i + 1}: The person does this: ${x}.`).reverse().join(' ')}`, label: { type: 'sequence', value: s } }; },
  ],
  yes_no: [
    () => { const v = rnd() < 0.5; return { answer: `${v ? 'Yes' : 'No'}, ${pick(BODIES)}${pick(INTROS)}That is my answer.`, label: { type: 'yes_no', value: v } }; },
    () => { const v = rnd() < 0.5; return { answer: `${pick(BODIES)}At first it seems yes, but looking closer, so the answer is ${v ? 'yes' : 'no'}.`, label: { type: 'yes_no', value: !v } }; },
    () => ({ answer: `${pick(BODIES)}The dog does not jump over the fence at any point.`, label: { type: 'yes_no', value: false } }),
  ],
};
const TYPES = Object.keys(GENS) as (keyof typeof GENS)[];

function chunk(n: number): Map<VerifyLabel['type'], { answers: string[]; labels: VerifyLabel[] }> {
  const by = new Map(TYPES.map((t) => [t, { answers: [] as string[], labels: [] as VerifyLabel[] }]));
  for (let i = 0; i < n; i++) {
    const t = TYPES[i % TYPES.length] as keyof typeof GENS;
    const g = pick(GENS[t])();
    // Half the answers get a second rationale paragraph, for realistic lengths (LVLM rationales run long).
    const answer = rnd() < 0.5 ? `${pick(BODIES)}${pick(BODIES)}${g.answer}` : g.answer;
    const label = g.label;
    const slot = by.get(t);
    // Flatten the concatenation now so neither side pays for it inside the timed loop.
    slot?.answers.push(answer.split('').join(''));
    slot?.labels.push(label);
  }
  return by;
}

const time = new Map<string, number>(TYPES.map((t) => [t, 0]));
const count = new Map<string, number>(TYPES.map((t) => [t, 0]));
let baseline = 0;
let passed = 0;
let digits = 0;
let chars = 0;
for (let done = 0; done < TOTAL; done += CHUNK) {
  const by = chunk(Math.min(CHUNK, TOTAL - done));
  for (const [t, { answers, labels }] of by) {
    for (const a of answers) chars += a.length;
    let t0 = cpuMs();
    for (let i = 0; i < answers.length; i++) if (verifyLabel(answers[i] as string, labels[i] as VerifyLabel).pass) passed++;
    time.set(t, (time.get(t) ?? 0) + cpuMs() - t0);
    count.set(t, (count.get(t) ?? 0) + answers.length);
    const re = /\d+/g;
    t0 = cpuMs();
    for (const a of answers) {
      re.lastIndex = 0;
      while (re.exec(a)) digits++;
    }
    baseline += cpuMs() - t0;
  }
}
const total = [...time.values()].reduce((a, b) => a + b, 0);
const rate = (n: number, ms: number): string => `${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
console.log(`answers: ${TOTAL.toLocaleString('en-US')} (mean ${Math.round(chars / TOTAL)} chars), passed ${passed}, baseline digit runs ${digits}`);
for (const t of TYPES) console.log(`  ${t.padEnd(15)} ${rate(count.get(t) ?? 0, time.get(t) ?? 1).padStart(12)}`);
console.log(`  ${'mixed'.padEnd(15)} ${rate(TOTAL, total).padStart(12)}`);
console.log(`  ${'baseline /\\d+/g'.padEnd(15)} ${rate(TOTAL, baseline).padStart(12)}`);
console.log(`verifiers take ${(total / baseline).toFixed(1)}x the time of the baseline scan (target: >= 200,000 answers/s per type)`);
