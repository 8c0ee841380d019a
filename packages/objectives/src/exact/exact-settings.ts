import { BadInputError } from '@dra/core';
import { draExactForm } from '../dra-global-cost.js';
import { eq10ExactForm } from '../eq10-global-cost.js';
import { eq8ExactForm } from '../eq8-per-visit.js';
import { isBuiltInObjective, OBJECTIVE_IDS, type ObjectiveId } from '../objective.js';
import type { ExactForm } from '../objective-description.js';

/** What `evaluateExactly` evaluates: a built-in objective by id and its beta, lambda, sigma_base (and T_ref for Eq. 10). */
export interface ExactEvaluationOptions {
  /** 'dra', 'eq8' or 'eq10' (another objective is evaluated through its own `description.exact`: `evaluateObjectiveExactly`). */
  objective: string;
  beta: number;
  lambda: number;
  sigmaBase: number;
  /**
   * Eq. 10's T_ref: a fixed length (docs/math.md 3.5, reading 1; default: the model's fixed horizon,
   * an error on a task without one) or 'realised', the episode's own length (reading 2, docs/math.md 4.4).
   */
  tRef?: number | 'realised';
}

/**
 * The exact form of a built-in objective given by id: each objective's own file says what its
 * form is (`draExactForm`, `eq8ExactForm`, `eq10ExactForm`); this table only maps the ids of
 * plain settings to them. Objectives built elsewhere declare their form in `description.exact`.
 */
const EXACT_FORMS: Readonly<Record<ObjectiveId, (options: ExactEvaluationOptions, horizon: number) => ExactForm>> = {
  dra: ({ lambda, sigmaBase }) => draExactForm(lambda, sigmaBase),
  eq8: ({ lambda, sigmaBase }) => eq8ExactForm(lambda, sigmaBase),
  eq10: ({ lambda, sigmaBase, tRef }, horizon) => eq10ExactForm(lambda, sigmaBase, resolveTRef(tRef, horizon)),
};

/** The exact form of the settings' objective on a model of this horizon (checked settings: `checkExactSettings`). */
export function exactFormOf(options: ExactEvaluationOptions, horizon: number): ExactForm {
  return EXACT_FORMS[options.objective as ObjectiveId](options, horizon);
}

/** Checks the objective id, beta, lambda and sigma_base, naming the bad value. */
export function checkExactSettings(options: ExactEvaluationOptions): ExactEvaluationOptions {
  if (!isBuiltInObjective(options.objective)) throw new BadInputError(`objective must be one of ${OBJECTIVE_IDS.join(', ')}, got ${String(options.objective)}`);
  checkExactBeta(options.beta);
  if (!(Number.isFinite(options.lambda) && options.lambda >= 0)) throw new BadInputError(`lambda must be a finite number >= 0, got ${options.lambda}`);
  if (!(Number.isFinite(options.sigmaBase) && options.sigmaBase > 0)) throw new BadInputError(`sigmaBase must be a finite number > 0, got ${options.sigmaBase}`);
  return options;
}

/** Checks beta > 0, naming the bad value. */
export function checkExactBeta(beta: number): void {
  if (!(Number.isFinite(beta) && beta > 0)) throw new BadInputError(`beta must be a finite number > 0, got ${beta}`);
}

/** Eq. 10's T_ref from plain settings: the given length or 'realised', else the model's fixed horizon. */
function resolveTRef(tRef: number | 'realised' | undefined, horizon: number): number | 'realised' {
  if (tRef === 'realised') return tRef;
  if (tRef === undefined) {
    if (!Number.isFinite(horizon)) throw new BadInputError('tRef: Eq. 10 on a task without a fixed horizon needs an explicit T_ref (docs/math.md 3.5)');
    return horizon;
  }
  if (!(typeof tRef === 'number' && Number.isFinite(tRef) && tRef > 0)) throw new BadInputError(`tRef must be a finite number > 0 or 'realised', got ${String(tRef)}`);
  return tRef;
}
