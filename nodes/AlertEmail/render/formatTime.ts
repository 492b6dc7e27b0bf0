/** Alert times as people read them: "2024-05-01 18:00:00 UTC+8" in the configured IANA time zone. */
import { ConfigurationError } from '../shared/configurationError';

export function checkTimeZone(zone: string, field: string): string {
	try {
		// The formatter is kept for the zone, so checking a zone already in use costs nothing.
		formatterFor(zone);
		return zone;
	} catch {
		throw new ConfigurationError(field, `"${zone}" is not a time zone. Use an IANA name such as Asia/Shanghai or UTC.`);
	}
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(zone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(zone, formatter);
	}
	return formatter;
}

/** ISO times and epoch ms are converted; text the mapper could not place on the clock is shown as given. */
export function formatTime(value: string | number, zone: string): string {
	const ms = typeof value === 'number' ? value : /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : NaN;
	if (!Number.isFinite(ms)) return String(value);
	const parts = Object.fromEntries(
		formatterFor(zone)
			.formatToParts(new Date(ms))
			.map((part) => [part.type, part.value]),
	);
	const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${utcOffset(wall - Math.floor(ms / 1000) * 1000)}`;
}

/** "UTC", "UTC+8", "UTC-5", "UTC+5:30": the same on every ICU version, unlike Intl's zone names. */
function utcOffset(offsetMs: number): string {
	const minutes = Math.round(offsetMs / 60_000);
	if (minutes === 0) return 'UTC';
	const sign = minutes > 0 ? '+' : '-';
	const hours = Math.floor(Math.abs(minutes) / 60);
	const rest = Math.abs(minutes) % 60;
	return `UTC${sign}${hours}${rest ? `:${String(rest).padStart(2, '0')}` : ''}`;
}
