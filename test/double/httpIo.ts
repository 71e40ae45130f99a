import { IncomingMessage, ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import { ApiError } from './errors';
import { FaultKind } from './types';

/** What the double sends back, before it is written to the socket (and logged). */
export interface Answer {
	status: number;
	headers: Record<string, string>;
	json?: unknown;
	/** A non-JSON body: an HTML page, or truncated JSON. */
	text?: string;
	/** Destroy the socket instead of answering (a connection reset). */
	destroy?: boolean;
	fault?: FaultKind;
	responseViolations?: string[];
}

export function jsonAnswer(status: number, json: unknown, headers: Record<string, string> = {}): Answer {
	return { status, headers: { 'content-type': 'application/vnd.api+json', ...headers }, json };
}

export function errorAnswer(error: ApiError, headers: Record<string, string> = {}): Answer {
	return jsonAnswer(error.status, error.body(), headers);
}

/** Reads the whole body; bodies over `hardLimit` bytes are cut off and answered 413 by the caller. */
export function readBody(req: IncomingMessage, hardLimit: number): Promise<{ bytes: Buffer; tooLarge: boolean }> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > hardLimit) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('end', () => resolve({ bytes: Buffer.concat(chunks), tooLarge }));
		req.on('error', reject);
	});
}

/** Klaviyo accepts gzip (and deflate) request bodies; any other Content-Encoding is a 415 (DOC-RL). */
export function decodeBody(bytes: Buffer, encoding: string | undefined): Buffer {
	const value = (encoding ?? 'identity').trim().toLowerCase();
	if (value === '' || value === 'identity') return bytes;
	try {
		if (value === 'gzip') return gunzipSync(bytes);
		if (value === 'deflate') return inflateSync(bytes);
	} catch {
		throw new ApiError(400, 'parse_error', 'Malformed request.', `The body is not valid ${value} data.`);
	}
	throw new ApiError(415, 'unsupported_media_type', 'Unsupported media type.', `Unsupported Content-Encoding "${value}" in request.`);
}

export function mediaType(contentType: string | undefined): string {
	return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** JSON:API bodies: Klaviyo documents application/vnd.api+json and also takes application/json. */
export function isJsonMediaType(contentType: string | undefined): boolean {
	return ['application/json', 'application/vnd.api+json'].includes(mediaType(contentType));
}

export function writeAnswer(res: ServerResponse, answer: Answer): void {
	if (answer.destroy) {
		res.socket?.destroy();
		return;
	}
	let payload: string | undefined;
	if (answer.text !== undefined) payload = answer.text;
	else if (answer.json !== undefined) payload = JSON.stringify(answer.json);
	const headers: Record<string, string> = { ...answer.headers };
	if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
	else delete headers['content-type'];
	res.writeHead(answer.status, headers);
	res.end(payload);
}
