export { default } from '@dra/tsup-config';
