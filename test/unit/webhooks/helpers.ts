import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fixture's exact text, as a platform would put it on the wire. */
export function fixtureText(name: string): string {
	return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}

/** A fixture's parsed JSON. */
export function fixture<T = Record<string, unknown>>(name: string): T {
	return JSON.parse(fixtureText(name)) as T;
}
