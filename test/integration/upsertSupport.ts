import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { KlaviyoUpsertAffiliateProfile } from '../../nodes/KlaviyoUpsertAffiliateProfile/KlaviyoUpsertAffiliateProfile.node';
import type { KlaviyoDouble } from '../double/types';
import { runWithApiKey } from './support';

/** Parameters that read a CSV-like item: email, phone, first/last name, referral link, coupon. */
export const csvMapping = {
	email: '={{ $json.email ?? "" }}',
	phoneNumber: '={{ $json.phone ?? "" }}',
	firstName: '={{ $json.first ?? "" }}',
	lastName: '={{ $json.last ?? "" }}',
	affiliateFields: ['referralLink', 'couponCode'],
	referralLink: '={{ $json.link ?? "" }}',
	couponCode: '={{ $json.coupon ?? "" }}',
};

/** Runs Upsert Affiliate Profile through n8n-core with the CSV mapping, overridden by `parameters`. */
export const upsert = (double: KlaviyoDouble, items: IDataObject[], parameters: INodeParameters = {}, continueOnFail = false) =>
	runWithApiKey(double, new KlaviyoUpsertAffiliateProfile(), { ...csvMapping, ...parameters }, items, continueOnFail);

export const profileByEmail = (double: KlaviyoDouble, email: string) =>
	double.state().profiles.find((profile) => profile.attributes.email === email);
