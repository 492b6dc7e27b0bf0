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
