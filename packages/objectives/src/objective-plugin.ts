import { BadInputError } from '@dra/core';
import { ESTIMATOR_IDS, type EstimatorId } from './gradient-estimator.js';
import type { Objective } from './objective.js';

/** Version of the objective plugin contract below; plugins declare the version they implement. */
export const OBJECTIVE_SPECIFICATION_VERSION = 1 as const;

/** Plain settings an objective is built from (as in a run's config). */
export interface ObjectiveSettings {
  /** The objective's id: 'dra', 'eq8', 'eq10' or a registered plugin's. */
  objective: string;
  lambda: number;
  sigmaBase: number;
  estimator: EstimatorId;
  /** Eq. 10's T_ref, a length or 'realised' (docs/math.md 3.5); required by objectives that declare `needsTRef`. */
  tRef?: number | 'realised';
}

/**
 * An objective as a plugin: what a module exports so that `dra run --plugin` (or a library
 * user's `ObjectiveRegistry`) can train with it. `create` builds the objective from plain
 * settings; the objective describes itself (`Objective.description`), so exact evaluation and
 * the kernel-or-TypeScript choice need nothing else. `kind` tells it apart from an environment
 * plugin in the same module.
 */
export interface ObjectivePlugin {
  readonly specificationVersion: typeof OBJECTIVE_SPECIFICATION_VERSION;
  readonly kind: 'objective';
  /** Lower-case letters, digits and dashes (the value of `--objective`). */
  readonly id: string;
  /** One line: what the objective is. */
  readonly description: string;
  /** The gradient estimators it takes; `create` is called with one of them only. */
  readonly estimators: readonly EstimatorId[];
  /** True when it needs T_ref (a task horizon or a given length), as Eq. 10 does. */
  readonly needsTRef?: boolean;
  /** A new objective from checked settings (lambda >= 0, sigmaBase > 0, an estimator of `estimators`). */
  create(settings: ObjectiveSettings): Objective;
}

/** Checks the shape of an objective plugin (members and their types), naming the broken rule. */
export function checkObjectivePlugin(plugin: unknown): asserts plugin is ObjectivePlugin {
  const p = plugin as Partial<ObjectivePlugin> | null;
  const id = p !== null && typeof p === 'object' && typeof p.id === 'string' ? p.id : '(no id)';
  const fail = (rule: string, message: string): never => {
    throw new BadInputError(`objective plugin ${id}: ${rule}: ${message}`);
  };
  if (p === null || typeof p !== 'object') fail('plugin-object', `a plugin must be an object, got ${String(plugin)}`);
  if (p!.specificationVersion !== OBJECTIVE_SPECIFICATION_VERSION) {
    fail('specification-version', `declares specificationVersion ${String(p!.specificationVersion)}; this toolkit implements ${OBJECTIVE_SPECIFICATION_VERSION}`);
  }
  if (p!.kind !== 'objective') fail('kind', `kind must be 'objective', got ${String(p!.kind)}`);
  if (typeof p!.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(p!.id)) fail('id', `id must be lower-case letters, digits and dashes, got ${JSON.stringify(p!.id)}`);
  if (typeof p!.description !== 'string') fail('description', 'no description string');
  if (typeof p!.create !== 'function') fail('create', 'no create(settings) function');
  if (!Array.isArray(p!.estimators) || p!.estimators.length === 0) fail('estimators', 'estimators must be a non-empty list of estimator ids');
  const unknown = p!.estimators!.filter((e) => !(ESTIMATOR_IDS as readonly string[]).includes(e));
  if (unknown.length > 0) fail('estimators', `unknown estimator ${unknown.join(', ')}; the estimators are ${ESTIMATOR_IDS.join(', ')}`);
}
