/**
 * A setting the user must change. Pure modules throw it with the field's name; the node and the
 * credential test turn it into n8n's error types, so the message always says which field to fix.
 */
export class ConfigurationError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(message);
		this.name = 'ConfigurationError';
	}
}

/** A ConfigurationError that keeps an input from being sent, as the output reports it. */
export interface SettingError {
	itemIndex: number;
	/** The field to fix, as the UI names it ("To Email", "Options › CC", "proxyPort"). */
	field: string;
	message: string;
	/** What to do; by default "Fix <field> for item <n>". */
	hint?: string;
}
