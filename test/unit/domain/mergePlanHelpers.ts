import type { ProfileMergePlan } from '../../../nodes/shared/domain';

/** A value by dotted name: `first_name`, `location.city`, `properties.Affiliate Code` (keys may hold dots). */
export function readPath(attributes: Record<string, unknown> | null | undefined, path: string): unknown {
	const dot = path.indexOf('.');
	if (dot === -1) return attributes?.[path];
	const group = attributes?.[path.slice(0, dot)] as Record<string, unknown> | null | undefined;
	return group?.[path.slice(dot + 1)];
}

/** Everything the plan says about one field: what is sent, the change reported, and why it was kept back. */
export function outcomeOf(plan: ProfileMergePlan, path: string) {
	return { sent: readPath(plan.attributes, path), change: plan.changes[path], kept: plan.kept[path] };
}
