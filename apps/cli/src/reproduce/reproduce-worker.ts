import { createPaperRegistry, runReproduceJob, type JobResult, type ReproduceJob } from '@dra/experiments';
import { captureFailure, type ThreadFailure } from '../thread-failure.js';

// Reproduce runs the paper's tasks only: no --plugin environments.
const registry = createPaperRegistry();

/** Worker-thread entry (piscina): runs one reproduce job; a failure comes back as data (`captureFailure`). */
export default function runJob(job: ReproduceJob): JobResult | ThreadFailure {
  return captureFailure(() => runReproduceJob(job, registry));
}
