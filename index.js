'use strict';

// The package's pure domain API, usable and testable outside n8n: merge planning, identifier normalization, batch
// planning, referral totals, event unique ids and validation, webhook signature schemes and platform normalizers.
// None of it imports n8n. (`zod`, used by the normalized event schema, is provided by n8n at run time; outside n8n
// install it beside this package.)
module.exports = {
	...require('./dist/nodes/shared/domain'),
	...require('./dist/nodes/shared/webhooks'),
};
