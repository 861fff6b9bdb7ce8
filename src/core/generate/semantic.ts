import type { VstarConfig } from '../config/schema';
import { UsageError } from '../util/errors';
import type { VerifyLabel } from '../verify/labels';
import { loadSemanticMatcher, verifyAllSemantic } from '../verify/semantic';
import type { Verdict } from '../verify/verify';

export type VerifyFn = (answer: string, labels: readonly VerifyLabel[]) => Verdict | Promise<Verdict>;

/**
 * The verify step for a generation run whose tasks turn on the semantic matcher for
 * free-text labels (`verifier.semantic.model`). The engine verifies with one function, so
 * a run uses one embedding model; tasks naming different models run separately (--task).
 * Returns undefined when no task asks for it (plain `verifyAll`, onnxruntime never loaded).
 */
export async function semanticVerifier(
  config: Pick<VstarConfig, 'tasks'>,
  taskNames: readonly string[],
  resolvePath: (p: string) => string,
): Promise<VerifyFn | undefined> {
  const models = new Map<string, string[]>();
  for (const name of taskNames) {
    const model = config.tasks[name]?.verifier?.semantic?.model;
    if (model) models.set(resolvePath(model), [...(models.get(resolvePath(model)) ?? []), name]);
  }
  if (models.size === 0) return undefined;
  if (models.size > 1) {
    const list = [...models.entries()].map(([m, tasks]) => `${tasks.join(', ')} → ${m}`).join('; ');
    throw new UsageError(`tasks use different semantic models (${list}); run them one at a time with --task`);
  }
  const [dir] = models.keys();
  const matcher = await loadSemanticMatcher(dir!);
  return (answer, labels) => verifyAllSemantic(answer, labels, matcher);
}
