/**
 * The vstar.yaml that CLI tests share: the synthetic sample's shapes asked about by one task
 * and answered by an OpenAI-compatible server (the chat server test double at `url`).
 * `root` is the sample folder (relative to the project, or absolute); `backend` and `tail`
 * add YAML lines under the backend and at the end of the file.
 */
export function shapesProjectYaml(o: { root: string; url: string; backend?: readonly string[]; tail?: string }): string {
  return `version: 1
datasets:
  sample:
    format: jsonl
    annotations: ${o.root}/annotations.jsonl
    root: ${o.root}
    labels:
      shape: { type: class, values: [circle, square, triangle] }
tasks:
  appearance:
    dataset: sample
    field: shape
backends:
  tiny:
    type: openai
    url: ${o.url}
    model: tiny-vlm
    frames: 2
${(o.backend ?? []).map((l) => `    ${l}\n`).join('')}${o.tail ?? ''}`;
}
