import { createBuiltInRegistry, type EnvironmentRegistry } from '@dra/environments';
import { mountainCarPlugin } from '@dra/mountain-car';

/** The environments the `dra` command knows: the built-in ones and mountain car. */
export function createCliRegistry(): EnvironmentRegistry {
  return createBuiltInRegistry().register(mountainCarPlugin);
}
