export { default } from '@dra/vitest-config';
