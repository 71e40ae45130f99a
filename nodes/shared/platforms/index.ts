import type { IExecuteFunctions } from 'n8n-workflow';

import type { PulledPlatform } from './affiliates';
import { PlatformClient, type PlatformApiDefinition, type PlatformClientOptions } from './client';
import { FIRSTPROMOTER_SOURCE } from './firstpromoter/transport';
import type { PulledRecord, PulledResource, RecordSelection } from './records';
import { REWARDFUL_SOURCE } from './rewardful/transport';

type RecordPages = (client: PlatformClient, selection: RecordSelection, itemIndex: number, now: Date) => AsyncGenerator<PulledRecord[]>;

/** One platform's API and, per resource the node offers, its records a page at a time. */
export type PlatformSource = { api: PlatformApiDefinition } & Record<PulledResource, RecordPages>;

/** Every platform the node can pull from, one row each: adding one is a folder with its transport and mappers. */
export const PLATFORM_SOURCES: Record<PulledPlatform, PlatformSource> = {
	rewardful: REWARDFUL_SOURCE,
	firstpromoter: FIRSTPROMOTER_SOURCE,
};

export async function openPlatformClient(
	context: IExecuteFunctions,
	platform: PulledPlatform,
	options?: PlatformClientOptions,
): Promise<PlatformClient> {
	return await PlatformClient.open(context, PLATFORM_SOURCES[platform].api, options);
}

export type { PulledPlatform } from './affiliates';
export { isSelected, type PulledRecord, type PulledResource, type RecordSelection, type RecordStatus } from './records';
export type { PlatformClient } from './client';
export { collectSelected, RepeatedPageError } from './collect';
