/** Alert times as people read them: "2024-05-01 18:00:00 GMT+8" in the configured IANA time zone. */
import { ConfigurationError } from '../configurationError';

export function checkTimeZone(zone: string, field: string): string {
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
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
			timeZoneName: 'shortOffset',
		});
		formatters.set(zone, formatter);
	}
	return formatter;
}

/** ISO times and epoch ms are converted; text the mapper could not place on the clock is shown as given. */
export function formatTime(value: string | number, zone: string): string {
	const ms = typeof value === 'number' ? value : /[zZ]|[+-]\d{2}:?\d{2}$/.test(value) ? Date.parse(value) : NaN;
	if (!Number.isFinite(ms)) return String(value);
	const parts = Object.fromEntries(formatterFor(zone).formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.timeZoneName}`;
}
