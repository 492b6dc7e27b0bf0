import { normaliseSeverity, parseSeverity, severityRank } from '../../../nodes/AlertEmail/alert/severity';
import { parseStatus } from '../../../nodes/AlertEmail/alert/status';

describe('severity normalisation', () => {
	it.each([
		['info', 'info'],
		['Information', 'info'],
		['notice', 'info'],
		['P4', 'info'],
		['提示', 'info'],
		['warn', 'warning'],
		['WARNING', 'warning'],
		['p3', 'warning'],
		['警告', 'warning'],
		['err', 'error'],
		['Error', 'error'],
		['P2', 'error'],
		['high', 'error'],
		['错误', 'error'],
		['fatal', 'critical'],
		['crit', 'critical'],
		['P1', 'critical'],
		['p0', 'critical'],
		['严重', 'critical'],
		['disaster', 'critical'],
		['  Critical  ', 'critical'],
	])('%s → %s', (alias, severity) => {
		expect(parseSeverity(alias)).toBe(severity);
	});

	it('leaves unknown values, objects and empty text to the fallback', () => {
		for (const value of ['purple', '', 7, null, undefined, { level: 'critical' }, ['error']]) {
			expect(parseSeverity(value)).toBeUndefined();
			expect(normaliseSeverity(value, 'error')).toBe('error');
		}
	});

	it('orders info < warning < error < critical', () => {
		expect(['critical', 'info', 'error', 'warning'].map((s) => severityRank(s as never))).toEqual([3, 0, 2, 1]);
	});
});

describe('status', () => {
	it.each([
		['resolved', 'resolved'],
		['OK', 'resolved'],
		['up', 'resolved'],
		['已恢复', 'resolved'],
		['firing', 'firing'],
		['alerting', 'firing'],
		['down', 'firing'],
	])('%s → %s', (word, status) => expect(parseStatus(word)).toBe(status));

	it('has no status for missing values', () => {
		expect(parseStatus('')).toBeUndefined();
		expect(parseStatus(undefined)).toBeUndefined();
		expect(parseStatus(1)).toBeUndefined();
	});
});
