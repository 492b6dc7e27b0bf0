/** Parameter name → the label the node's panel shows, for errors that name a field. */
import { filterFields } from '../description/filters';
import { mappingFields } from '../description/mapping';
import { recipientFields } from '../description/recipients';
import { sendingFields } from '../description/sending';

export const FIELD_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
	[...recipientFields, ...mappingFields, ...filterFields, ...sendingFields, { name: 'options', displayName: 'Options' }].map((field) => [
		field.name,
		field.displayName,
	]),
);
