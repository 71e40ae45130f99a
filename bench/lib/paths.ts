import { resolve } from 'node:path';

/** The package root: bench/lib/ is two levels below it. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
