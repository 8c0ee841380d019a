import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Versions of the toolkit's packages this CLI runs on, for run records. */
export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const name of ['@dra/core', '@dra/policies', '@dra/environments', '@dra/mountain-car', '@dra/objectives', '@dra/agent']) {
    versions[name] = (require(`${name}/package.json`) as { version: string }).version;
  }
  versions['@dra/cli'] = (require('../package.json') as { version: string }).version;
  return versions;
}
