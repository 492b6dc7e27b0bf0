import type { INodePropertyOptions } from 'n8n-workflow';

import { SEVERITIES } from '../model';

/** The four severities, lowest first, as UI options (Minimum Severity, Default Severity). */
export const severityOptions: INodePropertyOptions[] = SEVERITIES.map((severity) => ({
	name: severity[0].toUpperCase() + severity.slice(1),
	value: severity,
}));
