import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { isNamingScheme, NAMING_SCHEMES, type NamingScheme } from '../domain';
import { fieldError } from './itemResults';

const SCHEME_OPTIONS: Array<{ name: string; value: NamingScheme; description: string }> = [
	{
		name: 'Okendo Referrals',
		value: 'okendo',
		description: 'The names Okendo Referrals’ Klaviyo integration writes, character for character, so its flows and segments keep working',
	},
	{
		name: 'This Package’s Names',
		value: 'package',
		description: 'Affiliate Referral Link, Sent Referral, … (property and metric prefixes apply)',
	},
];

/**
 * The *Naming* choice Upsert Affiliate Profile and Track Referral Event share: same parameter name, same values, so
 * a workflow migrated from a platform sets it once per node and both write that platform's names. `okendoNotice`
 * shows under it with Okendo naming: which names the node then writes, and that no prefix goes in front of them
 * (the prefix options stay visible, as they still shape the node's other names).
 */
export function namingProperties(description: string, okendoNotice: string): INodeProperties[] {
	return [
		{
			displayName: 'Naming',
			name: 'naming',
			type: 'options',
			options: SCHEME_OPTIONS,
			default: 'package',
			description,
		},
		{
			displayName: okendoNotice,
			name: 'okendoNamingNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { naming: ['okendo'] } },
		},
	];
}

/** The item's *Naming*; an expression that gives anything else fails the item, naming the field. */
export function readNaming(context: IExecuteFunctions, itemIndex: number): NamingScheme {
	const naming = context.getNodeParameter('naming', itemIndex, 'package');
	if (isNamingScheme(naming)) return naming;
	throw fieldError(context, itemIndex, 'Naming', `must be one of ${NAMING_SCHEMES.join(', ')}, got ${String(JSON.stringify(naming)).slice(0, 100)}`);
}
