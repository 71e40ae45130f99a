import { HMAC_ALGORITHMS, SIGNATURE_ENCODINGS } from '../hmac';
import { bodyHmacScheme } from './bodyHmac';
import { refuse, type SchemeInput, type Verdict } from './types';

/**
 * Any other sender that signs the raw body: header name, algorithm (default sha256), encoding (default hex) and an
 * optional prefix come from the options. Settings the verifier cannot use are refused rather than guessed.
 */
export function genericHmacScheme(input: SchemeInput): Verdict {
	const { headerName, algorithm = 'sha256', encoding = 'hex', prefix } = input.options;
	if (!headerName?.trim()) return refuse('generic HMAC needs a signature header name');
	if (!HMAC_ALGORITHMS.includes(algorithm)) return refuse(`unsupported HMAC algorithm ${String(algorithm)}`);
	if (!SIGNATURE_ENCODINGS.includes(encoding)) return refuse(`unsupported signature encoding ${String(encoding)}`);
	return bodyHmacScheme({ header: headerName.trim(), algorithm, encodings: [encoding], prefix: prefix || undefined })(input);
}
