import { randomUUID } from 'node:crypto';
import { clock } from './clock';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LIST_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

function encodeBase32(value: bigint, length: number): string {
	let out = '';
	let rest = value;
	for (let i = 0; i < length; i++) {
		out = CROCKFORD[Number(rest % 32n)] + out;
		rest /= 32n;
	}
	return out;
}

/**
 * Issues ids shaped like Klaviyo's: profiles and jobs are 26-character ULIDs (`01H…`), lists are 6 characters
 * (`Y6nRLr`). A counter instead of randomness keeps runs repeatable; the time part keeps them sortable.
 */
export class IdFactory {
	constructor(private counter = 0) {}

	/** A factory that continues from the same counter (for dry runs on a copy of the state). */
	fork(): IdFactory {
		return new IdFactory(this.counter);
	}

	ulid(): string {
		this.counter += 1;
		return encodeBase32(BigInt(clock.now()), 10) + encodeBase32(BigInt(this.counter) * 7919n, 16);
	}

	shortId(): string {
		this.counter += 1;
		let n = this.counter * 104729 + 31;
		let out = '';
		for (let i = 0; i < 6; i++) {
			out += LIST_ALPHABET[n % LIST_ALPHABET.length];
			n = Math.floor(n / LIST_ALPHABET.length) + i * 13;
		}
		return out;
	}

	token(prefix: string): string {
		return `${prefix}${randomUUID().replace(/-/g, '')}`;
	}
}

/** Error ids are UUIDs in Klaviyo's answers ("quote it to support"); they carry no state, so random is fine. */
export function errorId(): string {
	return randomUUID();
}
