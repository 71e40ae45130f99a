import { headerValue } from '../headers';
import type { NormalizedAffiliateEvent, NormalizedEventType } from '../schema';
import { toUtcIso } from '../time';
import { amount, derivedId, emptyAffiliate, first, lower, obj, statusKind, str, upper, type Json, type PlatformInput } from './fields';

/**
 * FirstPromoter webhooks v2: `{ event_id, event_type, action, entity_type, entity_id, changes, data, timestamp }`,
 * also `X-Event-Id` / `X-Event-Type` headers. `event_id` is the documented de-duplication key. Money is in cents,
 * as in FirstPromoter's v2 API.
 */
function typeOf(eventType: string | null, data: Json, changes: Json): NormalizedEventType {
	const state = lower(first(data.state, data.status, Array.isArray(changes.state) ? changes.state[1] : undefined));
	switch (eventType) {
		case 'promoter.created':
			return 'affiliate.created';
		case 'promoter.deleted':
			return 'affiliate.deactivated';
		case 'promoter.updated':
		case 'promoter.profile.updated':
			return 'affiliate.updated';
		case 'promoter_campaign.created':
		case 'promoter_campaign.updated': {
			const kind = statusKind(state);
			return kind === 'approved' ? 'affiliate.approved' : kind === 'deactivated' ? 'affiliate.deactivated' : 'affiliate.updated';
		}
		case 'referral.created':
			return 'referral.created';
		case 'referral.updated':
			return state === 'customer' ? 'conversion.created' : 'unknown';
		case 'commission.created':
			return 'commission.created';
		case 'commission.updated':
			return state === 'approved' ? 'conversion.approved' : state === 'denied' ? 'conversion.denied' : state === 'paid' ? 'commission.paid' : 'unknown';
		default:
			if (eventType?.startsWith('payout.') && (state === 'paid' || state === 'completed')) return 'payout.paid';
			return 'unknown';
	}
}

export function normalizeFirstPromoter(input: PlatformInput): NormalizedAffiliateEvent[] {
	const body = obj(input.body);
	const data = obj(body.data);
	const eventType = lower(first(body.event_type, headerValue(input.headers, 'X-Event-Type'), input.topic));
	const type = typeOf(eventType, data, obj(body.changes));
	const promoter = eventType?.startsWith('promoter') ? obj(first(data.promoter, data)) : obj(data.promoter);
	const profile = obj(promoter.profile);
	const campaign = obj(first(data.campaign, obj(promoter.promoter_campaigns && Array.isArray(promoter.promoter_campaigns) ? promoter.promoter_campaigns[0] : undefined).campaign));
	const eventId = str(first(body.event_id, headerValue(input.headers, 'X-Event-Id')));
	const event: NormalizedAffiliateEvent = {
		id: eventId ? `firstpromoter:${eventId}` : derivedId('firstpromoter', eventType, body),
		platform: 'firstpromoter',
		type,
		sourceType: eventType,
		occurredAt: toUtcIso(first(body.timestamp, data.updated_at, data.created_at), input.sourceTimeZone) ?? input.now.toISOString(),
		affiliate: {
			...emptyAffiliate(),
			id: str(promoter.id),
			code: str(first(promoter.ref_token, promoter.default_ref_id)),
			email: lower(promoter.email),
			firstName: str(first(profile.first_name, promoter.first_name)),
			lastName: str(first(profile.last_name, promoter.last_name)),
			phone: str(profile.phone_number),
			referralLink: str(first(promoter.ref_link, data.ref_link)),
			couponCode: str(first(data.coupon, promoter.coupon)),
			offerId: str(campaign.id),
			offerName: str(campaign.name),
			status: lower(first(data.state, promoter.state)),
		},
		raw: input.body,
	};
	if (eventType?.startsWith('commission.') || type === 'conversion.created') {
		const referral = obj(data.referral);
		event.conversion = {
			id: str(data.id),
			orderId: str(first(data.event_id, data.external_id)),
			amount: amount(data.sale_amount, true),
			commission: amount(data.amount, true),
			currency: upper(data.currency),
			status: lower(first(data.status, data.state)),
			customerEmail: lower(first(referral.email, data.email)),
		};
	}
	if (type === 'payout.paid') event.payout = { id: str(data.id), amount: amount(data.amount, true), currency: upper(data.currency) };
	if (eventType?.startsWith('referral.')) {
		event.referral = {
			id: str(data.id),
			referrerEmail: event.affiliate.email,
			referrerPhone: null,
			referrerFirstName: event.affiliate.firstName,
			recipientEmail: lower(data.email),
			recipientPhone: null,
			recipientFirstName: null,
			couponCode: null,
			orderId: null,
			amount: null,
			currency: null,
		};
	}
	return [event];
}
