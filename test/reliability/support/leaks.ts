import { findLeaks, textOf } from './secrets';
import { tally } from './tally';

/** Each artifact that carries any form of a secret counts once as leaked, and is named in the problems. */
export function leakProblems(where: string, ...artifacts: unknown[]): string[] {
	return artifacts.flatMap((artifact, index) => {
		const leaks = findLeaks(textOf(artifact));
		if (leaks.length === 0) return [];
		tally.leaked += 1;
		return [`${where}: artifact #${index} contains ${leaks.join(', ')}`];
	});
}
