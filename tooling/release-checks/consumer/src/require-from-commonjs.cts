// A TypeScript CommonJS module (.cts) of the user's project: `import x = require(...)` of the
// ESM packages type-checks against the shipped declarations (TypeScript >= 5.8, module
// nodenext) and runs on Node >= 20.19 (require(esm)).
import agent = require('@dra/agent');
import core = require('@dra/core');

const settings: agent.RunSettings = { ...agent.defaultSettings('maze'), episodes: 100, seed: 2 };
const record: agent.RunRecord = agent.runExperiment(settings);
const rng: core.Rng = core.Rng.create(1);
if (!Number.isFinite(record.final.objective) || !(rng.uniform() < 1)) throw new Error('runExperiment from CommonJS gave no objective');
console.log(`TypeScript CommonJS (.cts): maze, 100 episodes through require(): objective ${record.final.objective.toFixed(1)}`);
