export type MembershipStatus = 'added' | 'removed' | 'not_found' | 'subscribed' | 'pending_confirmation';

/** What happened to one input item on one list. */
export type ListOutcome = { status: MembershipStatus; profileId?: string; note?: string } | { error: Error };
