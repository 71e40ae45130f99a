import type { INodeProperties } from 'n8n-workflow';

/** A value the user may send, named by its parameter key and shown by its label. */
export interface PickableField {
	key: string;
	label: string;
}

/**
 * A "Fields to Send" multi-select followed by one text parameter per field, each shown only while it is selected:
 * the pattern Upsert (affiliate properties) and Track (event properties) share. Options are listed by label,
 * alphabetically, as n8n's own nodes list them.
 */
export function fieldPicker<F extends PickableField>(
	picker: Pick<INodeProperties, 'displayName' | 'name' | 'description'> & { default: string[] },
	fields: readonly F[],
	fieldProperty: (field: F) => Pick<INodeProperties, 'displayName' | 'description'>,
): INodeProperties[] {
	return [
		{
			...picker,
			type: 'multiOptions',
			options: fields.map(({ key, label }) => ({ name: label, value: key })).sort((a, b) => a.name.localeCompare(b.name)),
		},
		...fields.map(
			(field): INodeProperties => ({
				...fieldProperty(field),
				name: field.key,
				type: 'string',
				default: '',
				displayOptions: { show: { [picker.name]: [field.key] } },
			}),
		),
	];
}
