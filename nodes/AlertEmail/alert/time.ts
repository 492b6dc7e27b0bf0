/**
 * Payload times in the forms monitoring tools send: ISO 8601, epoch seconds or milliseconds, and
 * Uptime Kuma's "YYYY-MM-DD HH:mm:ss.SSS" in UTC. Returns ISO 8601, or the text as given when it is
 * not a time this code can place on the clock (shown unchanged rather than guessed).
 */
const ZONELESS = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

export function toAlertTime(value: unknown, receivedAt: Date, zonelessIsUtc = false): string {
	if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
		const date = new Date(value < 1e12 ? value * 1000 : value);
		// Beyond ±275,760 years a Date is invalid: show the number as given rather than fail the item.
		return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
	}
	if (typeof value !== 'string' || !value.trim()) return receivedAt.toISOString();
	const text = value.trim();
	if (/^\d{9,13}$/.test(text)) return toAlertTime(Number(text), receivedAt);
	if (ZONELESS.test(text)) return zonelessIsUtc ? new Date(`${text.replace(' ', 'T')}Z`).toISOString() : text;
	const parsed = Date.parse(text);
	// Go's zero time ("0001-01-01T00:00:00Z") means "not set" in Alertmanager and Grafana payloads.
	if (Number.isNaN(parsed) || new Date(parsed).getUTCFullYear() < 1971) return text;
	return new Date(parsed).toISOString();
}

/** True for the zero or missing times Alertmanager uses for "not ended yet". */
export function isUnsetTime(value: unknown): boolean {
	if (typeof value !== 'string' || !value) return true;
	const parsed = Date.parse(value);
	return Number.isNaN(parsed) || new Date(parsed).getUTCFullYear() < 1971;
}
