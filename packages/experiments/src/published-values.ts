/** Flexible minus equal objective read off the poster, by budget (docs/tasks.md 2). */
export const POSTER_FLEXIBLE_MINUS_EQUAL: Readonly<Record<number, number>> = Object.freeze({
  3: 5, 6: 10.6, 9: 11, 12: 13.5, 15: 2.2, 18: 2, 21: -1.5, 24: -1.3,
});


/** A published value as a mean and the spread over seeds the source gives. */
export interface MeanAndSd {
  mean: number;
  sd: number;
  seeds: number;
  source: string;
}

/** The numbers the report sets ours beside, with where each comes from. */
export const PUBLISHED = Object.freeze({
  maze: {
    /** Mean over the last 1000 of 5000 episodes, 5 runs per sigma0, whatever sigma0 (docs/tasks.md 1: the authors' saved result arrays). */
    finalRange: {
      objective: [-14.4, -14.1] as const,
      memoryCost: [6.2, 6.7] as const,
      return: [-8.0, -7.7] as const,
      source: 'docs/tasks.md 1 (authors\' saved arrays, mean over the last 1000 of 5000 episodes)',
    },
    /** Episodes until the objective is within 1.5 of its final value (docs/tasks.md 1). */
    convergenceEpisodes: { 1: 500, 3: 600, 4: 1000, 5: 1800 } as Record<number, number>,
    /** Memory cost at the start (docs/tasks.md 1: "starts near 24 for sigma0 = 1 and near 0 for sigma0 = 5"). */
    initialCost: { 1: 24, 5: 0 } as Record<number, number>,
    /** Objective at episode 500 (the README of the C reference, tooling/maze-reference-c: seeds 1 to 100; issue 2). */
    objectiveAt500: {
      1: { mean: -14.08, sd: 0.55, seeds: 100, source: 'C reference (tooling/maze-reference-c README)' },
      5: { mean: -33.85, sd: 3.17, seeds: 100, source: 'C reference (tooling/maze-reference-c README)' },
    } as Record<number, MeanAndSd>,
    /** Final objective (mean of the last three evaluations) at 5000 episodes, sigma0 = 3 (the C reference's README, seeds 1 to 100). */
    finalObjective5000: { mean: -14.21, sd: 0.43, seeds: 100, source: 'C reference (tooling/maze-reference-c README)' } as MeanAndSd,
  },
  planning: {
    /** Flexible minus equal objective by budget, read off the poster (docs/tasks.md 2). */
    flexibleMinusEqual: POSTER_FLEXIBLE_MINUS_EQUAL,
  },
});
