import { defaultSettings, type RunSettings } from '@dra/agent';
import type { EnvironmentRegistry } from '@dra/environments';
import { defaultEstimatorFor, defaultSigmaStepFor, type ObjectiveRegistry } from '@dra/objectives';
import type { RunConfig } from './settings-schema.js';

/**
 * A run's settings from the environment's paper defaults overlaid with `layers` in order
 * (e.g. config file, then flags). The paper presets name DRA's estimators, so an inference
 * objective (eq8, eq10) whose estimator no layer chose gets the critic one; a sigma step rule
 * no layer chose follows the estimator (`defaultSigmaStepFor`). An objective of `objectives`
 * keeps the preset's estimator when it takes it.
 */
export function layerSettings(env: string, registry: EnvironmentRegistry, layers: readonly RunConfig[], objectives?: ObjectiveRegistry): RunSettings {
  const settings: RunSettings = defaultSettings(env, registry);
  let estimatorChosen = false;
  let stepChosen = false;
  for (const { env: _env, envOptions, ...layer } of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) (settings as unknown as Record<string, unknown>)[key] = value;
    }
    Object.assign(settings.envOptions, envOptions);
    if (layer.estimator !== undefined) estimatorChosen = true;
    if (layer.sigmaStep !== undefined) stepChosen = true;
  }
  if (!estimatorChosen) settings.estimator = defaultEstimatorFor(settings.objective, settings.estimator, objectives);
  if (!stepChosen) settings.sigmaStep = defaultSigmaStepFor(settings.estimator);
  return settings;
}
