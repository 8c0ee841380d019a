import base from '@dra/tsup-config';

// Two entries: the public API, and @dra/core/internal (the generator's and exp's private tables,
// for the WebAssembly kernel of @dra/agent; see src/internal.ts).
export default { ...base, entry: { index: 'src/index.ts', internal: 'src/internal.ts' } };
