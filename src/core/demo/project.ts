/**
 * The demo's project file: the synthetic sample dataset and the three tasks the tiny
 * model was taught to talk about (appearance, direction, bounce), its local backend and
 * the local target its finetune jobs run on. The questions mirror those the model saw
 * in training (workers/vstar_workers/tinyvlm/vocab.py), so only its skill is measured.
 */
export function demoConfigText(o: { modelDir: string; sampleDir?: string; python?: string; rationalize?: boolean; count?: number; epochs?: number }): string {
  const dir = o.sampleDir ?? 'sample';
  return `# Video-STaR demo project (written by \`vstar demo\`). Paths are relative to this file.
version: 1
workdir: vstar

datasets:
  sample:
    format: jsonl
    annotations: ${dir}/annotations.jsonl
    root: ${dir}
    labels:
      shape: { type: class, values: [circle, square, triangle] }
      color: { type: class, values: [red, green, blue, yellow] }
      direction: { type: class, values: [left, right, up, down] }
      speed: { type: number, min: 0, unit: px/s }
      visible: { type: temporal_range }
      end_box: { type: bbox }
      events: { type: sequence }
      bounces: { type: yes_no }

tasks:
  appearance:
    dataset: sample
    fields: [shape, color]
  direction:
    dataset: sample
    field: direction
    questions:
      - "Which way does the {label.color} {label.shape} move?"
      - "What is the direction in the video?"
      - "Which direction does the video show?"
  bounce:
    dataset: sample
    field: bounces
    questions:
      - "Does the {label.shape} bounce off a wall?"
      - "Does the video show bounces?"
      - "Is bounces visible in the video?"

backends:
  tiny:
    type: local
    # The model the demo started from; each cycle's model is under models/cycle-N.
    model: ${JSON.stringify(o.modelDir)}
    sampling: { temperature: 1.0, topP: 1.0, samplesPerPrompt: 1 }

targets:
  local:
    type: local${o.python ? `
    python: ${JSON.stringify(o.python)}` : ''}

# The loop (\`vstar cycle run\`): the tiny family, answered in-process by the \`tiny\`
# backend, finetuned by a job on this machine that continues from the previous cycle's model.
model:
  family: tiny
  path: ${JSON.stringify(o.modelDir)}

generate:
  backend: tiny
  temperature: 1.0
  topP: 1.0

finetune:
  target: local
  from: previous${o.epochs ? `
  epochs: ${o.epochs}` : ''}

evaluate:
  splits: [val, test]

cycles:
  backend: tiny
  target: local
  rationalize: ${o.rationalize === false ? 'false' : 'true'}
  samplesPerPrompt: 1
  concurrency: 64
  count: ${o.count ?? 3}
`;
}
