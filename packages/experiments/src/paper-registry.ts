import { createBuiltInRegistry, type EnvironmentRegistry } from '@dra/environments';
import { mountainCarPlugin } from '@dra/mountain-car';

/** The environments of the paper's experiments: the built-in ones (maze, huys) and mountain car. */
export function createPaperRegistry(): EnvironmentRegistry {
  return createBuiltInRegistry().register(mountainCarPlugin);
}
