// Every package imported as a user's ESM script would, from the installed tarballs.
import * as agent from '@dra/agent';
import * as core from '@dra/core';
import * as environments from '@dra/environments';
import * as experiments from '@dra/experiments';
import * as testing from '@dra/environments/testing';
import * as mountainCar from '@dra/mountain-car';
import * as objectives from '@dra/objectives';
import * as policies from '@dra/policies';

const expected = {
  '@dra/core': [core, ['Rng', 'MemoryTable', 'TrajectoryBuffer', 'logSoftmaxInto', 'gaussianKl', 'normalCdf', 'ENVIRONMENT_SPECIFICATION_VERSION']],
  '@dra/policies': [policies, ['SoftThompson', 'HardThompson', 'SoftmaxPolicy', 'hardThompsonChoiceEntropy']],
  '@dra/environments': [environments, ['createMaze', 'GridWorld', 'EnvironmentRegistry', 'createBuiltInRegistry', 'TabularEnvironment']],
  '@dra/environments/testing': [testing, ['checkEnvironmentConformance', 'assertEnvironmentConformance']],
  '@dra/mountain-car': [mountainCar, ['MountainCar', 'mountainCarPlugin']],
  '@dra/objectives': [objectives, ['DraObjective', 'createObjective', 'evaluateExactly']],
  '@dra/agent': [agent, ['train', 'runExperiment', 'defaultSettings', 'parseCurveCsv']],
  '@dra/experiments': [experiments, ['reproduce', 'reproducePlan', 'compareUnderTimePressure', 'compareTreeSearchAllocation', 'compareObjectives', 'choiceImportance', 'PUBLISHED']],
};
for (const [name, [module, names]] of Object.entries(expected)) {
  const missing = names.filter((n) => module[n] === undefined);
  if (missing.length > 0) throw new Error(`${name} does not export ${missing.join(', ')}`);
  console.log(`${name}: ${Object.keys(module).length} exports, including ${names.join(', ')}`);
}
