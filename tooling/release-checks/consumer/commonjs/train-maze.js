// A CommonJS user's script (this folder's package.json says "type": "commonjs"): every package,
// subpaths included, loaded with require() from the installed tarballs (Node >= 20.19 loads the
// ES modules through require(esm)), then the maze trained for a few episodes.
const assert = require('node:assert/strict');

assert.ok(process.features.require_module, `require() of ES modules needs Node >= 20.19 (this is ${process.version})`);

const core = require('@dra/core');
const policies = require('@dra/policies');
const environments = require('@dra/environments');
const testing = require('@dra/environments/testing');
const mountainCar = require('@dra/mountain-car');
const objectives = require('@dra/objectives');
const agent = require('@dra/agent');
const experiments = require('@dra/experiments');

const loaded = { core, policies, environments, testing, mountainCar, objectives, agent, experiments };
for (const [name, module] of Object.entries(loaded)) assert.ok(Object.keys(module).length > 0, `require of ${name} gave no exports`);
assert.equal(require('@dra/core/package.json').name, '@dra/core');

const { train, runExperiment, defaultSettings } = agent;
const { MemoryTable, Rng } = core;
const environment = environments.createMaze();
const result = train({
  environment, memory: new MemoryTable(environment.actionCounts, { mean: 0, sigma: 3 }), rng: Rng.create(1),
  policy: new policies.SoftThompson({ beta: 10 }),
  objective: new objectives.DraObjective({ lambda: 0.1, sigmaBase: 5, estimator: 'A' }),
  episodes: 200, gamma: 0.9, alphaQ: 0.1, alphaSigma: 0.1, nTraj: 10,
  evalEvery: 50, evalRollouts: 50, sigmaMin: 0.01, sigmaMax: 100,
});
const first = result.curve[0].objective;
assert.ok(first < result.final.objective, `the maze did not learn from require(): objective ${first} -> ${result.final.objective}`);
const record = runExperiment({ ...defaultSettings('maze'), episodes: 200, seed: 1 });
assert.ok(record.kernel.episodes === 'wasm' && record.kernel.gradient === 'wasm', `the maze ran outside the WebAssembly kernel under require(): ${JSON.stringify(record.kernel)}`);

// require() and import() give the same module, not a second copy with its own state.
Promise.all([import('@dra/core'), import('@dra/agent')]).then(([esmCore, esmAgent]) => {
  assert.equal(esmCore, core, 'import() and require() of @dra/core gave different module instances');
  assert.equal(esmAgent, agent, 'import() and require() of @dra/agent gave different module instances');
  console.log(`CommonJS: ${Object.keys(loaded).length} entry points loaded with require(); maze, 200 episodes: objective ${first.toFixed(1)} -> ${result.final.objective.toFixed(2)}; the kernel ran; import() gives the same modules`);
});
