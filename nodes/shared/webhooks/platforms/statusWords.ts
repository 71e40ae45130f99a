import { readWords } from './eventWords';

/**
 * What a record's own status says, in lower-case words. Approvals and payments are read from a short list of exact
 * statuses ("active", "paid"): a status the list does not name is never taken for one. The other side is read by
 * words, so "disapproved", "not_active" or "approval revoked" are not approvals either.
 */

const APPROVED = /^(active|approved|accepted|confirmed|enabled)$/;
const DEACTIVATED = /^(inactive|deactivated|disabled|denied|rejected|blocked|suspended|deleted|archived|banned)$/;
const CONVERSION_APPROVED = /^(approved|accepted|confirmed|completed|paid)$/;
const CONVERSION_DENIED = /^(denied|rejected|declined|refunded|voided|cancell?ed|unqualified)$/;
const PAID = /^(paid|completed?|processed|succeeded|success(ful)?|settled)$/;

/** An affiliate's status: approved, deactivated (turned down, gone or switched off), or other (pending, unknown…). */
export function statusKind(status: string | null): 'approved' | 'deactivated' | 'other' {
	if (!status) return 'other';
	if (APPROVED.test(status)) return 'approved';
	if (DEACTIVATED.test(status)) return 'deactivated';
	const words = readWords(status);
	return words.rejected || words.gone ? 'deactivated' : 'other';
}

/** A conversion's status: approved, denied, pending (any other status), or none sent. */
export function conversionStatusKind(status: string | null): 'approved' | 'denied' | 'pending' | 'none' {
	if (!status) return 'none';
	if (CONVERSION_APPROVED.test(status)) return 'approved';
	if (CONVERSION_DENIED.test(status) || readWords(status).rejected) return 'denied';
	return 'pending';
}

/** Whether a commission's or payout's status says it was paid. */
export const isPaidStatus = (status: string): boolean => PAID.test(status);
