/**
 * The commented starter vstar.yaml that `vstar init` writes. It points at the bundled
 * synthetic sample dataset (`vstar init --sample` or `vstar dataset sample --out sample`)
 * and asks about every one of its label fields, so a new user can run the whole loop
 * before touching their own data. A test checks it validates.
 */
export function starterConfigText(opts: { sampleDir?: string } = {}): string {
  const dir = opts.sampleDir ?? 'sample';
  return `# Video-STaR Studio project file. Paths are relative to this file.
# Reference: schemas/vstar.schema.json (hover a key in VS Code for its documentation).
version: 1

# Where imported datasets, cycles and exports are kept.
workdir: vstar

datasets:
  # The bundled synthetic dataset: short clips of a coloured shape moving on a plain
  # background. Make it with \`vstar dataset sample --out ${dir}\` (or \`vstar init --sample\`).
  sample:
    format: jsonl
    annotations: ${dir}/annotations.jsonl
    root: ${dir}
    # Label fields and their types (otherwise inferred on import).
    labels:
      shape: { type: class, values: [circle, square, triangle] }
      color: { type: class, values: [red, green, blue, yellow] }
      direction: { type: class, values: [left, right, up, down] }
      speed: { type: number, min: 0, unit: px/s }
      visible: { type: temporal_range }   # [start, end] seconds the shape is in frame
      end_box: { type: bbox }             # where the shape ends, normalized [x1, y1, x2, y2]
      events: { type: sequence }          # e.g. [appears, bounces off the left wall, leaves]
      bounces: { type: yes_no }

  # Your own data, for example a CSV of clips and labels:
  # actions:
  #   format: csv
  #   annotations: data/actions.csv
  #   root: data/clips
  #   columns: { id: clip_id, video: path, split: split, labels: { action: label } }

# Each task turns label fields into questions; answers are kept only if they verify.
tasks:
  appearance:
    dataset: sample
    fields: [shape, color]
  # A task's questions are asked about each of its fields, so each question set gets its own task.
  direction:
    dataset: sample
    field: direction
    questions:
      - "Which way does the {label.color} {label.shape} move?"
      - "In which direction is the {label.shape} moving?"
    verifier:
      synonyms: { left: [leftward, leftwards], right: [rightward, rightwards], up: [upward, upwards], down: [downward, downwards] }
  bounce:
    dataset: sample
    field: bounces
    questions: ["Does the {label.shape} bounce off a wall?"]
  speed:
    dataset: sample
    field: speed
    questions: ["About how fast does the {label.shape} move, in pixels per second?"]
    verifier: { type: number, relTol: 0.25 }
  timing:
    dataset: sample
    field: visible
    verifier: { type: temporal_range, minIoU: 0.5 }
  location:
    dataset: sample
    field: end_box
    verifier: { type: bbox, minIoU: 0.5 }
  story:
    dataset: sample
    field: events
    verifier: { type: sequence }

# Models that answer the questions. Tokens never go in this file: name the
# environment variable that holds one with \`tokenEnv\`.
backends:
  tiny:
    type: local
    model: models/tiny        # a small model trained on this machine
  vllm:
    type: openai
    url: http://localhost:8000/v1
    model: Qwen/Qwen2.5-VL-7B-Instruct
    video: frames
    frames: 8
    # tokenEnv: VLLM_API_KEY
    sampling: { temperature: 0.7, topP: 0.9, maxTokens: 512, samplesPerPrompt: 1 }
  # hf:
  #   type: huggingface
  #   model: Qwen/Qwen2.5-VL-7B-Instruct
  #   tokenEnv: HF_TOKEN

# Where jobs (generation, finetuning) run.
targets:
  local:
    type: local
  # gpu-box:
  #   type: ssh
  #   host: gpu-box.example.org
  #   user: me
  #   workdir: /scratch/me/vstar
  # cluster:
  #   type: slurm
  #   via: gpu-box
  #   partition: gpu
  #   gpus: 1
  #   time: "04:00:00"

# Defaults for new self-training cycles.
cycles:
  backend: tiny
  target: local
  rationalize: true
  samplesPerPrompt: 1
  concurrency: 2
`;
}
