export interface WaterfallStep {
  rule: string;
  weight: number;
  detail: string;
  /** The score before and after this hit. */
  from: number;
  to: number;
}

/**
 * The steps of a match score, strongest hit first: rules combine as independent evidence (score = 1 - Π(1 - weight),
 * as the server scores), so each hit closes its weight's share of the gap left to 1.
 */
export function waterfallSteps(hits: { rule: string; weight: number; detail: string }[]): WaterfallStep[] {
  const ordered = [...hits].sort((a, b) => b.weight - a.weight);
  let score = 0;
  return ordered.map((hit) => {
    const from = score;
    score = 1 - (1 - score) * (1 - hit.weight);
    return { ...hit, from, to: score };
  });
}
