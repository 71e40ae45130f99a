/**
 * Lower-cased compounds split back into words. Readers lower-case a status before reading it, so a camelCase
 * "pendingApproval" arrives as "pendingapproval" and "rejectedByAdmin" as "rejectedbyadmin": one word the lists do
 * not know, which would leave an approval standing. A word made of nothing but known words is split into them.
 */

/** Only so many unknown words of a text are tried as compounds, each up to this long: a status is a few words. */
const COMPOUNDS_READ = 16;
const LONGEST_COMPOUND = 40;

interface LetterNode {
	next: Map<number, LetterNode>;
	endsWord: boolean;
}

function letterTree(words: Iterable<string>): LetterNode {
	const root: LetterNode = { next: new Map(), endsWord: false };
	for (const known of words) {
		let node = root;
		for (let index = 0; index < known.length; index++) {
			const code = known.charCodeAt(index);
			let child = node.next.get(code);
			if (!child) node.next.set(code, (child = { next: new Map(), endsWord: false }));
			node = child;
		}
		node.endsWord = true;
	}
	return root;
}

/**
 * `word` as two or more known words, or undefined when it is not made of them. Read from the left along a tree of the
 * known words' letters: each known word that starts where the last one ended marks where the next may start, and a
 * word that starts with none stops at once — a body of thousands of unknown statuses costs a few steps each, and no
 * text is cut until a split is found.
 */
function compoundParts(word: string, root: LetterNode): string[] | undefined {
	// startsAt[i]: where the known word ending at i started (-1: no split reaches i).
	const startsAt = new Array<number>(word.length + 1).fill(-1);
	startsAt[0] = 0;
	for (let start = 0; start < word.length; start++) {
		if (startsAt[start] === -1) continue;
		let node: LetterNode | undefined = root;
		for (let end = start + 1; end <= word.length && node; end++) {
			node = node.next.get(word.charCodeAt(end - 1));
			if (node?.endsWord && end - start >= 2 && startsAt[end] === -1) startsAt[end] = start;
		}
	}
	if (startsAt[word.length] === -1) return undefined;
	const parts: string[] = [];
	for (let end = word.length; end > 0; end = startsAt[end]) parts.unshift(word.slice(startsAt[end], end));
	return parts.length > 1 ? parts : undefined;
}

/** The `cautions` (words of 5 letters or more) found inside `word`, each once. */
function cautionsInside(word: string, root: LetterNode): string[] {
	const found = new Set<string>();
	for (let start = 0; start < word.length; start++) {
		let node: LetterNode | undefined = root;
		for (let end = start + 1; end <= word.length && node; end++) {
			node = node.next.get(word.charCodeAt(end - 1));
			if (node?.endsWord && end - start >= 5) found.add(word.slice(start, end));
		}
	}
	return [...found];
}

/**
 * A function that splits, in place, the words of a text that are compounds of `known` words (built on first use).
 * Known words stay whole. A word not made of known ones stays too, and is followed by the `cautions` — words that say
 * "not yet", never "done" — found inside it ("kycpending", "pendingverification"): a fragment may only hold an
 * approval or a payment back, never make one.
 */
export function compoundSplitter(known: () => Iterable<string>, cautions: () => Iterable<string>): (words: string[]) => string[] {
	let lookup: { words: Set<string>; tree: LetterNode; cautions: LetterNode } | undefined;
	return (words) => {
		if (!lookup) {
			const words = [...known()];
			lookup = { words: new Set(words), tree: letterTree(words), cautions: letterTree([...cautions()].filter((word) => word.length >= 5)) };
		}
		// Split in place, no list made per word: a signed status can be a megabyte of words.
		let tried = 0;
		for (let index = 0; index < words.length && tried < COMPOUNDS_READ; index++) {
			const word = words[index];
			if (word.length > LONGEST_COMPOUND || lookup.words.has(word)) continue;
			tried++;
			const parts = compoundParts(word, lookup.tree) ?? [word, ...cautionsInside(word, lookup.cautions)];
			if (parts.length > 1) {
				words.splice(index, 1, ...parts);
				index += parts.length - 1;
			}
		}
		return words;
	};
}
