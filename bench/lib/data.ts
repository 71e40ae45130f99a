import type { IDataObject } from 'n8n-workflow';

export const AFFILIATE_LIST = { id: 'BnchAff1', name: 'Affiliates', opt_in_process: 'single_opt_in' as const };
export const METRIC = 'Affiliate Approved';

/**
 * Affiliates as a CSV export gives them: one flat row each, with the column names an affiliate platform's export
 * uses. The nodes' fields are left empty, so they read these columns from the item (no per-item expressions).
 */
export function affiliateRows(count: number, tag: string): IDataObject[] {
	const rows: IDataObject[] = [];
	for (let i = 0; i < count; i++) {
		const n = String(i).padStart(5, '0');
		rows.push({
			email: `aff-${tag}-${n}@example.com`,
			first_name: `Ada${n}`,
			last_name: `Lovelace${n}`,
			referral_link: `https://shop.example.com/?rfsn=${tag}${n}`,
			coupon_code: `ADA${tag.toUpperCase()}${n}`,
		});
	}
	return rows;
}

/** Parameters of the three steps, as a user leaves them: defaults, empty fields read from the item. */
export const STEP_PARAMETERS = {
	upsert: { authentication: 'apiKey', mergeMode: 'fillEmpty' },
	addToList: {
		authentication: 'apiKey',
		list: { __rl: true, mode: 'id', value: AFFILIATE_LIST.id },
		action: 'subscribe',
		channels: ['emailMarketing'],
	},
	track: { authentication: 'apiKey', event: 'affiliateApproved' },
};
