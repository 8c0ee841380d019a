import base from '@dra/tsup-config';
import { defineConfig } from 'tsup';

export default defineConfig({ ...base, entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' } });
