import { BadInputError } from '@dra/core';
import { DraObjective } from './dra-global-cost.js';
import { Eq10Objective } from './eq10-global-cost.js';
import { Eq8Objective } from './eq8-per-visit.js';
import { ESTIMATOR_IDS, PAPER_ESTIMATOR_IDS, UNBIASED_ESTIMATOR_IDS, type EstimatorId, type UnbiasedEstimatorId } from './gradient-estimator.js';
import type { Objective } from './objective.js';
import { checkObjectivePlugin, OBJECTIVE_SPECIFICATION_VERSION, type ObjectivePlugin, type ObjectiveSettings } from './objective-plugin.js';

const unbiased = (estimator: EstimatorId) => estimator as UnbiasedEstimatorId;

/** DRA (the paper): return minus the global cost; every estimator, the paper's 'A', 'Q', 'R' included. */
export const draObjectivePlugin: ObjectivePlugin = {
  specificationVersion: OBJECTIVE_SPECIFICATION_VERSION,
  kind: 'objective',
  id: 'dra',
  description: 'DRA (the paper): return minus lambda KL over the whole table, paid once',
  estimators: ESTIMATOR_IDS,
  create: ({ lambda, sigmaBase, estimator }) => new DraObjective({ lambda, sigmaBase, estimator }),
};

/** Eq. 8: return minus the memory cost paid at every visit; the unbiased estimators. */
export const eq8ObjectivePlugin: ObjectivePlugin = {
  specificationVersion: OBJECTIVE_SPECIFICATION_VERSION,
  kind: 'objective',
  id: 'eq8',
  description: 'Eq. 8: return minus lambda KL of each visited state, paid at every visit',
  estimators: UNBIASED_ESTIMATOR_IDS,
  create: ({ lambda, sigmaBase, estimator }) => new Eq8Objective({ lambda, sigmaBase, estimator: unbiased(estimator) }),
};

/** Eq. 10: DRA plus (lambda / T_ref) times the action entropy; the unbiased estimators; needs T_ref. */
export const eq10ObjectivePlugin: ObjectivePlugin = {
  specificationVersion: OBJECTIVE_SPECIFICATION_VERSION,
  kind: 'objective',
  id: 'eq10',
  description: 'Eq. 10: DRA plus (lambda / T_ref) times the action entropy',
  estimators: UNBIASED_ESTIMATOR_IDS,
  needsTRef: true,
  create: ({ lambda, sigmaBase, estimator, tRef }) => {
    if (tRef === undefined) throw new BadInputError('tRef: Eq. 10 needs T_ref (the task horizon, or a given length; docs/math.md 3.5)');
    return new Eq10Objective({ lambda, sigmaBase, tRef, estimator: unbiased(estimator) });
  },
};

/**
 * The objectives a run may name, by id: the built-in DRA, Eq. 8 and Eq. 10, and any registered
 * plugin. Registering an id twice is an error.
 */
export class ObjectiveRegistry {
  private readonly plugins = new Map<string, ObjectivePlugin>();

  /** Adds a checked plugin; returns the registry. */
  register(plugin: ObjectivePlugin): this {
    checkObjectivePlugin(plugin);
    if (this.plugins.has(plugin.id)) throw new BadInputError(`objective plugin ${plugin.id}: id: an objective with this id is already registered`);
    this.plugins.set(plugin.id, plugin);
    return this;
  }

  /** The registered ids, built-in ones first. */
  ids(): string[] {
    return [...this.plugins.keys()];
  }

  /** The plugin of `id`, or an error naming the known ids. */
  get(id: string): ObjectivePlugin {
    const plugin = this.plugins.get(id);
    if (plugin === undefined) throw new BadInputError(`objective must be one of ${this.ids().join(', ')}, got ${String(id)}`);
    return plugin;
  }

  /** True when `id` is registered. */
  has(id: string): boolean {
    return this.plugins.has(id);
  }

  /**
   * Builds the objective of `settings.objective` after checking that it takes the estimator
   * (the paper's 'A', 'Q', 'R' belong to DRA); errors name the setting.
   */
  create(settings: ObjectiveSettings): Objective {
    const plugin = this.get(settings.objective);
    if (!plugin.estimators.includes(settings.estimator)) {
      const paper = (PAPER_ESTIMATOR_IDS as readonly string[]).includes(settings.estimator);
      const why = paper ? `is the paper's DRA estimator` : `is not one ${plugin.id} takes`;
      throw new BadInputError(`estimator ${String(settings.estimator)} ${why}; ${plugin.id} takes ${plugin.estimators.join(', ')}`);
    }
    return plugin.create(settings);
  }
}

/** A registry of the built-in objectives: DRA, Eq. 8, Eq. 10. */
export function createBuiltInObjectives(): ObjectiveRegistry {
  return new ObjectiveRegistry().register(draObjectivePlugin).register(eq8ObjectivePlugin).register(eq10ObjectivePlugin);
}
