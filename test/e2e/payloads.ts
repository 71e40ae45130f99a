/** Webhook payloads shaped as each platform documents them (fields from the platforms' webhook docs). */

export const refersionAffiliate = (status: string) => ({
	id: 7007,
	code: 'ada7',
	status,
	first_name: 'Ada',
	last_name: 'Refersion',
	email: 'ada.refersion@example.com',
	phone_number: '555-555-1234',
	offer: { id: 12, name: 'Spring 20%' },
});

export const refersionDeactivated = () => ({
	id: 1002,
	code: 'grace2',
	status: 'INACTIVE',
	first_name: 'Grace',
	last_name: 'Hopper',
	email: 'grace@example.com',
});

export const refersionConversion = () => ({
	id: 90001,
	created: '2026-03-01 10:00:00',
	status: 'PENDING',
	total: '59.00',
	commission_total: '5.90',
	currency: 'USD',
	order_id: 'ORD-1042',
	coupon_code: 'ADA10',
	affiliate: { id: 7007, code: 'ada7', first_name: 'Ada', last_name: 'Refersion', email: 'ada.refersion@example.com' },
	offer: { id: 12, name: 'Spring 20%' },
	customer: { name: 'Bea Buyer', email: 'bea@example.com' },
});

export const refersionPayment = () => ({
	affiliates: {
		'7007': {
			id: 7007,
			first_name: 'Ada',
			last_name: 'Refersion',
			email: 'ada.refersion@example.com',
			payments: [{ id: 501, created: '2026-03-05 09:00:00', commission_total: '12.50', total: '12.50', currency: 'USD' }],
		},
		'1001': {
			id: 1001,
			first_name: 'Ada',
			last_name: 'Lovelace',
			email: 'ada@example.com',
			payments: [{ id: 502, created: '2026-03-05 09:00:00', commission_total: '7.00', total: '7.00', currency: 'USD' }],
		},
	},
});

export const rewardfulCommissionPaid = () => ({
	event: { id: 'evt_rw_0001', type: 'commission.paid', created_at: '2026-03-06T12:00:00Z' },
	object: {
		id: 'com_01',
		amount: 1500,
		currency: 'USD',
		state: 'paid',
		sale: { id: 'sale_01', sale_amount_cents: 10000, commission_amount_cents: 1500, currency: 'USD' },
		affiliate: { id: 'aff_01', email: 'alan@example.com', first_name: 'Alan', last_name: 'Turing' },
	},
});

export const refersionTier = () => ({
	...refersionAffiliate('ACTIVE'),
	reward: { id: 33, offer_id: 12, milestone_reached: '10 conversions', amount_given: '50.00', notes: 'Gold' },
});

/**
 * One act of a referral program, Okendo-style: both people named, `customer_role` saying whose act it is (the field
 * Okendo's own referral feeds use). The referrer's coupon is issued when the referral succeeds, with its order total.
 */
export const referralEvent = (type: string, customerRole: 'referrer' | 'recipient' = 'referrer') => ({
	type,
	timestamp: '2026-03-07T08:00:00Z',
	data: {
		id: 'ref_2001',
		customer_role: customerRole,
		referrer: { email: 'rita@example.com', first_name: 'Rita', referral_link: 'https://shop.example.com/pages/refer?ref=rita' },
		recipient: { email: 'rob@example.com', first_name: 'Rob' },
		coupon_code: customerRole === 'referrer' ? 'THANKS-RITA' : 'WELCOME10',
		order_total: 80,
		currency: 'USD',
	},
});
