import { ConfigurationError } from '../../../nodes/AlertEmail/shared/configurationError';
import { checkTimeZone, formatTime } from '../../../nodes/AlertEmail/render/formatTime';

describe('time formatting', () => {
	it('shows ISO times in the configured zone with its offset', () => {
		expect(formatTime('2024-05-01T10:00:00Z', 'Asia/Shanghai')).toBe('2024-05-01 18:00:00 UTC+8');
		expect(formatTime('2024-05-01T10:00:00Z', 'UTC')).toBe('2024-05-01 10:00:00 UTC');
		expect(formatTime('2024-01-15T10:00:00Z', 'America/New_York')).toBe('2024-01-15 05:00:00 UTC-5');
		expect(formatTime(Date.parse('2024-05-01T23:30:00Z'), 'Asia/Kolkata')).toBe('2024-05-02 05:00:00 UTC+5:30');
	});

	it('shows text it cannot place on the clock as given', () => {
		expect(formatTime('2024-05-01 02:03', 'Asia/Shanghai')).toBe('2024-05-01 02:03');
		expect(formatTime('soon', 'UTC')).toBe('soon');
	});

	it('refuses an unknown time zone, naming the field', () => {
		expect(checkTimeZone('Europe/Berlin', 'f')).toBe('Europe/Berlin');
		expect(() => checkTimeZone('Mars/Olympus', 'Options › Time Zone')).toThrow(ConfigurationError);
		try {
			checkTimeZone('Mars/Olympus', 'Options › Time Zone');
		} catch (error) {
			expect((error as ConfigurationError).field).toBe('Options › Time Zone');
			expect((error as Error).message).toMatch(/IANA/);
		}
	});
});
