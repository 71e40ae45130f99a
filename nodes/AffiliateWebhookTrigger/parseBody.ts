/** Platforms nest their payloads a few levels deep; this leaves room for any of them. */
const MAX_JSON_DEPTH = 100;

/** A UTF-8 byte order mark, as some senders' JSON serializers (.NET, PowerShell, Windows editors) write it. */
const BYTE_ORDER_MARK = '\uFEFF';

/** The deepest nesting of objects and arrays in JSON text, without parsing it (and so without recursion). */
function nestingDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let index = 0; index < text.length; index++) {
		const character = text[index];
		if (inString) {
			if (character === '\\') index++;
			else if (character === '"') inString = false;
		} else if (character === '"') inString = true;
		else if (character === '{' || character === '[') deepest = Math.max(deepest, ++depth);
		else if (character === '}' || character === ']') depth--;
	}
	return deepest;
}

export type ParsedBody = { ok: true; body: unknown } | { ok: false; error: string };

/**
 * The JSON of a body whose signature was checked on its raw bytes. A leading byte order mark is part of those bytes
 * (the signature covers it) but not of the JSON, so it is skipped here, after the check, never before it.
 */
export function parseVerifiedBody(rawBody: Buffer): ParsedBody {
	const decoded = rawBody.toString('utf8');
	const text = decoded.startsWith(BYTE_ORDER_MARK) ? decoded.slice(BYTE_ORDER_MARK.length) : decoded;
	// Valid JSON nested thousands of levels deep (10 KB is enough) overflows the stack of every recursive walk
	// after this one — the normalizer's, then n8n's own copies of the item — so it is refused like malformed JSON.
	if (nestingDepth(text) > MAX_JSON_DEPTH) return { ok: false, error: `body is nested deeper than ${MAX_JSON_DEPTH} levels` };
	try {
		return { ok: true, body: JSON.parse(text) as unknown };
	} catch {
		return { ok: false, error: 'body is not valid JSON' };
	}
}
