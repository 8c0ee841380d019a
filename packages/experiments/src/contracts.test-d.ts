// Type tests of the experiments' entry points, checked by `tsc` (pnpm typecheck).
import { expectTypeOf } from 'vitest';
import type { Check, FigureId, JobResult, ReproduceJob, ReproduceResults, Reproduction } from './index.js';
import { reproduce } from './index.js';

expectTypeOf<FigureId>().toEqualTypeOf<'fig1' | 'fig2' | 'fig3'>();
expectTypeOf(reproduce).parameter(0).toEqualTypeOf<FigureId | 'all'>();
expectTypeOf(reproduce).returns.resolves.toEqualTypeOf<Reproduction>();
expectTypeOf<Reproduction['results']>().toEqualTypeOf<ReproduceResults>();
expectTypeOf<ReproduceResults['checks']>().toEqualTypeOf<Check[]>();
expectTypeOf<Check['pass']>().toEqualTypeOf<boolean>();

// a caller's job runner: any function from the plan's jobs to their results by id
const runner = async (jobs: readonly ReproduceJob[]) => new Map<string, JobResult>(jobs.map((job) => [job.id, { kind: 'run', id: job.id, record: null! }]));
void reproduce('fig1', { quick: true, runJobs: runner });
// @ts-expect-error the targets are fig1, fig2, fig3 and all
void reproduce('fig4');
// @ts-expect-error quick is a boolean
void reproduce('fig1', { quick: 'yes' });
