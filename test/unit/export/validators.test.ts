import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkExport } from '../../../src/core/export/export';
import { llavaRecord } from '../../../src/core/export/llava';
import { llamaFactoryRecord } from '../../../src/core/export/llamaFactory';
import { msSwiftRecord } from '../../../src/core/export/msSwift';
import { sample } from './helpers';

const messages = (m: unknown[]) => m;
const good = sample();

function only(problems: { message: string }[], re: RegExp): void {
  assert.ok(problems.length > 0, 'expected a problem');
  assert.ok(problems.some((p) => re.test(p.message)), problems.map((p) => p.message).join('\n'));
}

test('well-formed records pass every validator', () => {
  assert.deepEqual(checkExport('llava', [llavaRecord(good)]), []);
  assert.deepEqual(checkExport('llama-factory', [llamaFactoryRecord(good)]), []);
  assert.deepEqual(checkExport('ms-swift', [msSwiftRecord(good)]), []);
  assert.deepEqual(checkExport('metadata', [good]), []);
  assert.deepEqual(checkExport('ms-swift', [{ ...msSwiftRecord(good), messages: [{ role: 'system', content: 'Be brief.' }, ...msSwiftRecord(good).messages] }]), []);
});

test('llama-factory: <video> count must equal the videos count', () => {
  const r = llamaFactoryRecord(good);
  only(checkExport('llama-factory', [{ ...r, videos: [] }]), /1 <video> token\(s\) in the messages but 0 path\(s\) in "videos"/);
  only(checkExport('llama-factory', [{ ...r, videos: ['a.mp4', 'b.mp4'] }]), /1 <video> token\(s\).*2 path\(s\)/);
  const noToken = { ...r, messages: messages([{ role: 'user', content: 'What?' }, { role: 'assistant', content: 'x' }]) };
  only(checkExport('llama-factory', [noToken]), /0 <video> token\(s\).*1 path\(s\)/);
  const { videos: _v, ...noColumn } = r;
  only(checkExport('llama-factory', [noColumn]), /<video> token\(s\) but no "videos" column/);
  only(checkExport('llama-factory', [{ ...r, videos: [''] }]), /videos\[0\]" must be a non-empty path/);
  only(checkExport('llama-factory', [{ ...r, images: ['x.jpg'] }]), /0 <image> token\(s\).*1 path\(s\) in "images"/);
});

test('llama-factory: roles alternate, odd counts and system turns are refused, content non-empty', () => {
  const r = llamaFactoryRecord(good);
  only(checkExport('llama-factory', [{ ...r, messages: [r.messages[1], r.messages[0]] }]), /expected "user"/);
  only(checkExport('llama-factory', [{ ...r, messages: [r.messages[0]] }]), /odd count|last turn/);
  only(checkExport('llama-factory', [{ ...r, messages: [{ role: 'system', content: 's' }, ...r.messages] }]), /"system" but turns must alternate/);
  only(checkExport('llama-factory', [{ ...r, messages: [r.messages[0], { role: 'assistant', content: '  ' }] }]), /content must be non-empty/);
  only(checkExport('llama-factory', [{ ...r, messages: [{ from: 'human', value: '<video>q' }, { from: 'gpt', value: 'a' }] }]), /role is undefined/);
  only(checkExport('llama-factory', { not: 'a list' }), /JSON array/);
  only(checkExport('llama-factory', '[{"messages": '), /not valid JSON/);
});

test('llava: one <video> per record, human/gpt alternation, unique ids', () => {
  const r = llavaRecord(good);
  only(checkExport('llava', [{ ...r, conversations: [{ from: 'human', value: 'q' }, r.conversations[1]] }]), /0 <video> token\(s\).*1 path\(s\) in "video"/);
  only(checkExport('llava', [{ ...r, conversations: [r.conversations[0], { from: 'human', value: 'a' }] }]), /expected "gpt"/);
  only(checkExport('llava', [r, r]), /duplicate id \(first at record 0\)/);
  const { video: _v, ...noVideo } = r;
  only(checkExport('llava', [noVideo]), /"video" must be a non-empty path/);
  only(checkExport('llava', [{ ...r, id: '' }]), /"id" must be a non-empty string/);
});

test('ms-swift: media tags match, the last turn is the assistant, JSON lines parse', () => {
  const r = msSwiftRecord(good);
  only(checkExport('ms-swift', [{ ...r, videos: ['a.mp4', 'b.mp4'] }]), /1 <video> token\(s\).*2 path\(s\)/);
  only(checkExport('ms-swift', [{ ...r, messages: [r.messages[0]] }]), /last turn must be "assistant"/);
  only(checkExport('ms-swift', [{ ...r, videos: 'a.mp4' }]), /must be a list of paths/);
  only(checkExport('ms-swift', `${JSON.stringify(r)}\n{"messages": [\n`), /line 2 is not valid JSON/);
  assert.deepEqual(checkExport('ms-swift', `${JSON.stringify(r)}\n\n${JSON.stringify(r)}\n`), []);
});

test('metadata: every line is a full ExportSample, ids unique', () => {
  only(checkExport('metadata', [{ ...good, stage: 'guess' }]), /stage/);
  only(checkExport('metadata', [{ ...good, verdict: undefined }]), /verdict/);
  only(checkExport('metadata', [good, good]), /duplicate id/);
});

test('problems name the record index and id', () => {
  const problems = checkExport('llava', [llavaRecord(good), { ...llavaRecord(sample({ id: 'bad-1' })), video: '' }]);
  assert.equal(problems[0]?.index, 1);
  assert.equal(problems[0]?.id, 'bad-1');
});
