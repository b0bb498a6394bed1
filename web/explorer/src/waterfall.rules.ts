/** One step of the server's waterfall (explainMatch.waterfall): the prior, then each comparison in turn. */
export interface ServerStep {
  rule: string;
  level: string | null;
  /** Match weight in bits (log2 of m/u; negative where the comparison speaks against one person). */
  weight: number;
  tfAdjustment: number;
  cumulativeWeight: number;
  /** The probability of one person after this step. */
  probability: number;
}

export interface WaterfallStep extends ServerStep {
  detail: string;
  /** The probability before and after this step. */
  from: number;
  to: number;
}

/**
 * The steps of a Fellegi–Sunter explanation as the bars of a waterfall, in the server's order: the prior starts
 * from 0, every comparison moves the probability from where the previous step left it (down where its weight is
 * negative), and each step carries the evidence the matching hit names.
 */
export function waterfallSteps(steps: readonly ServerStep[], hits: readonly { rule: string; detail: string }[]): WaterfallStep[] {
  const details = new Map(hits.map((hit) => [hit.rule, hit.detail]));
  let probability = 0;
  return steps.map((step) => {
    const from = probability;
    probability = step.probability;
    const detail = step.rule === 'PRIOR' ? 'how likely two accounts that share a blocking key are one person, before any comparison' : details.get(step.rule) ?? '';
    return { ...step, detail, from, to: step.probability };
  });
}
