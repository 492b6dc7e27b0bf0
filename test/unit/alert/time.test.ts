import { mapManual } from '../../../nodes/AlertEmail/alert/manualMapping';
import { toAlertTime } from '../../../nodes/AlertEmail/alert/time';

const receivedAt = new Date('2024-05-01T12:00:00Z');

describe('alert times', () => {
	it.each([
		['2024-05-01T10:00:00+08:00', '2024-05-01T02:00:00.000Z'],
		[1714557600, '2024-05-01T10:00:00.000Z'],
		[1714557600123, '2024-05-01T10:00:00.123Z'],
		['1714557600', '2024-05-01T10:00:00.000Z'],
	])('%s → %s', (value, iso) => expect(toAlertTime(value, receivedAt)).toBe(iso));

	it('shows a number beyond the range of dates as given instead of failing', () => {
		expect(toAlertTime(1e20, receivedAt)).toBe('100000000000000000000');
		expect(toAlertTime(Number.MAX_VALUE, receivedAt)).toBe(String(Number.MAX_VALUE));
		expect(toAlertTime(-5, receivedAt)).toBe(receivedAt.toISOString());
		expect(toAlertTime(Infinity, receivedAt)).toBe(receivedAt.toISOString());
	});

	it('keeps zoneless text unless told it is UTC, and uses the receive time when absent', () => {
		expect(toAlertTime('2024-05-01 02:03:04.567', receivedAt)).toBe('2024-05-01 02:03:04.567');
		expect(toAlertTime('2024-05-01 02:03:04.567', receivedAt, true)).toBe('2024-05-01T02:03:04.567Z');
		expect(toAlertTime(undefined, receivedAt)).toBe(receivedAt.toISOString());
		expect(toAlertTime('yesterday-ish', receivedAt)).toBe('yesterday-ish');
		expect(toAlertTime('0001-01-01T00:00:00Z', receivedAt)).toBe('0001-01-01T00:00:00Z');
	});
});

describe('manual mapping', () => {
	it('builds the alert from the expression values', () => {
		const alert = mapManual(
			{ eventType: ' deploy.failed ', severity: 'P1', title: 42, message: 'm', source: 'ci', status: 'resolved' },
			{ itemIndex: 1, receivedAt, defaultSeverity: 'warning' },
		);
		expect(alert).toEqual({
			event: 'deploy.failed',
			severity: 'critical',
			title: '42',
			message: 'm',
			source: 'ci',
			status: 'resolved',
			time: receivedAt.toISOString(),
			fields: {},
			shape: 'manual',
			itemIndex: 1,
		});
	});

	it('fills empty values with stated defaults', () => {
		const alert = mapManual(
			{ eventType: '', severity: '', title: '', message: undefined, source: null, status: 'firing' },
			{ itemIndex: 0, receivedAt, defaultSeverity: 'info' },
		);
		expect(alert).toMatchObject({ event: 'alert', severity: 'info', title: 'Alert', message: '', source: '' });
	});
});
