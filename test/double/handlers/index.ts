import { StoredJob, Store } from '../state';
import { StateJob } from '../types';
import { getAccounts } from './accounts';
import { bulkImportProfiles, getBulkImportErrors, getBulkImportJob, getBulkImportProfiles, importJobProcessors } from './bulkImport';
import { bulkCreateEvents, createEvent, eventJobProcessors } from './events';
import { addProfilesToList, getList, getLists, removeProfilesFromList } from './lists';
import { createOrUpdateProfile, createProfile, getProfile, getProfiles, updateProfile } from './profiles';
import { bulkSubscribeProfiles, bulkUnsubscribeProfiles, subscriptionJobProcessors } from './subscriptions';
import { Handler } from './types';

/** Every operation the double implements; any other operation of the spec answers 501. */
export const HANDLERS: Handler[] = [
	getAccounts,
	getProfiles,
	getProfile,
	createProfile,
	updateProfile,
	createOrUpdateProfile,
	bulkImportProfiles,
	getBulkImportJob,
	getBulkImportErrors,
	getBulkImportProfiles,
	getLists,
	getList,
	addProfilesToList,
	removeProfilesFromList,
	bulkSubscribeProfiles,
	bulkUnsubscribeProfiles,
	createEvent,
	bulkCreateEvents,
];

export const HANDLERS_BY_OPERATION = new Map(HANDLERS.map((h) => [h.operationId, h]));

export const JOB_PROCESSORS: Partial<Record<StateJob['type'], (store: Store, job: StoredJob) => void>> = {
	...importJobProcessors,
	...eventJobProcessors,
	...subscriptionJobProcessors,
};
