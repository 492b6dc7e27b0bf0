/**
 * Inputs that cannot be sent because a setting is wrong: for that item (no or invalid recipient, a
 * refused custom header) or for the whole execution (the credential, an option). Nothing is sent
 * for them. Without "continue" the node stops, naming the field and the item; with it, each input
 * becomes an error item of the same shape as a failed delivery (output/errorItem.ts), so n8n's error
 * output routes it and every input stays accounted for.
 */
import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { ConfigurationError } from '../shared/configurationError';
import type { SettingError } from '../shared/configurationError';
import { errorItem } from './errorItem';
import type { UnsentInput } from './handedAlerts';

/** A SettingError and what its error item adds (for an alert handed to a group window: handedBy and alert). */
export interface SettingErrorEntry extends SettingError {
	details?: IDataObject;
}

const hintOf = (error: SettingError) => error.hint ?? `Fix ${error.field} for item ${error.itemIndex}. Nothing was sent for this item.`;

/**
 * A setting that is wrong for the whole execution (the credential, an option): every input it keeps
 * from being sent is marked with it (output/handedAlerts.ts). Other errors are not settings and go on up.
 */
export function settingFailureItems(
	node: INode,
	continueOnFail: boolean,
	error: unknown,
	hint: string,
	inputs: readonly UnsentInput[],
	note = '',
): INodeExecutionData[] {
	if (!(error instanceof ConfigurationError)) throw error;
	const errors = inputs.map(({ itemIndex, details }) => ({ itemIndex, field: error.field, message: error.message, hint, details }));
	return settingErrorItems(node, errors, continueOnFail, note);
}

/** `note` is added to the node's error when it stops (the alerts handed to an unsent digest). */
export function settingErrorItems(
	node: INode,
	errors: readonly SettingErrorEntry[],
	continueOnFail: boolean,
	note = '',
): INodeExecutionData[] {
	if (errors.length > 0 && !continueOnFail) {
		const [first] = errors;
		throw new NodeOperationError(node, `${first.field}: ${first.message}`, {
			itemIndex: first.itemIndex,
			description: `${hintOf(first)}${note}`,
		});
	}
	return errors.map((error) =>
		errorItem(
			`${error.field}: ${error.message}`,
			{ kind: 'configuration', field: error.field, hint: hintOf(error), attempted: false, attempts: 0, ...error.details },
			error.itemIndex,
		),
	);
}
