/** Output 1 "Skipped": one item per skipped alert (or per input without alerts), with the reason. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { SkippedEntry } from '../model';
import { alertFields } from './alertFields';

export function skippedItems(entries: readonly SkippedEntry[]): INodeExecutionData[] {
	return entries.map((entry) => {
		const json: IDataObject = {
			status: 'skipped',
			reason: entry.reason,
			detail: entry.detail,
			...alertFields(entry.alert && [entry.alert]),
		};
		if (entry.throttle) json.throttle = entry.throttle;
		// Which execution sends this alert, for reason "grouped" (a group window).
		if (entry.grouped) Object.assign(json, { groupedInto: entry.grouped.executionId, windowClosesAt: entry.grouped.windowClosesAt });
		return { json, pairedItem: { item: entry.itemIndex } };
	});
}
