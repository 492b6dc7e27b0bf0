import fc from 'fast-check';

import type { Alert } from '../../../nodes/AlertEmail/model';
import { checkAlert, parsePatterns, patternMatches } from '../../../nodes/AlertEmail/policy/filter';
import type { FilterRules } from '../../../nodes/AlertEmail/policy/filter';
import { testAlert } from '../../helpers/alerts';

const alert = (event: string, severity: Alert['severity'] = 'error'): Alert => testAlert({ event, severity, time: '' });
const rules = (overrides: Partial<FilterRules>): FilterRules => ({
	includeEvents: '',
	excludeEvents: '',
	minSeverity: 'info',
	...overrides,
});

describe('event patterns', () => {
	it('splits on commas, semicolons, Chinese punctuation and new lines', () => {
		expect(parsePatterns(' task.* , sync.failed;a，b；c\nd,, ')).toEqual(['task.*', 'sync.failed', 'a', 'b', 'c', 'd']);
	});

	it.each([
		['task.*', 'task.failed', true],
		['task.*', 'task', false],
		['*.heartbeat', 'db.heartbeat', true],
		['*', 'anything', true],
		['sync.failed', 'SYNC.FAILED', true],
		['a*b*c', 'a--b--c', true],
		['a.b', 'aXb', false],
		['(x)', '(x)', true],
		['[abc]', 'a', false],
		['磁盘*', '磁盘告警', true],
	])('%s matches %s: %s', (pattern, event, expected) => {
		expect(patternMatches(pattern, event)).toBe(expected);
	});
});

describe('event patterns against hostile events', () => {
	const reference = (pattern: string, event: string) =>
		new RegExp(
			`^${pattern
				.split('*')
				.map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
				.join('.*')}$`,
			'is',
		).test(event);

	it('agrees with the equivalent regular expression on arbitrary patterns and events', () => {
		const text = fc.string({ unit: fc.constantFrom('a', 'b', 'A', '*', '.', '\n', '磁'), maxLength: 12 });
		fc.assert(fc.property(text, text, (pattern, event) => patternMatches(pattern, event) === reference(pattern, event)));
	});

	it('answers for a 1 MB event against many wildcards in linear steps, where a regex would backtrack for ages', () => {
		const event = 'a'.repeat(1_000_000);
		expect(patternMatches('*a*a*a*a*a*b', event)).toBe(false);
		expect(patternMatches('*a*a*a*a*a*', event)).toBe(true);
	});

	it('quotes a long event in the Skipped detail cut to 200 characters', () => {
		const verdict = checkAlert(alert('x'.repeat(100_000)), rules({ excludeEvents: 'x*' }));
		expect(verdict).toEqual({ pass: false, detail: `Event "${'x'.repeat(199)}…" matches Exclude Events pattern "x*".` });
	});
});

describe('filter rules', () => {
	it('passes everything with empty rules', () => {
		expect(checkAlert(alert('x', 'info'), rules({}))).toEqual({ pass: true });
	});

	it('skips events matching no include pattern, saying which patterns', () => {
		expect(checkAlert(alert('db.slow'), rules({ includeEvents: 'task.*, sync.*' }))).toEqual({
			pass: false,
			detail: 'Event "db.slow" matches none of Include Events (task.*, sync.*).',
		});
	});

	it('checks excludes after includes and names the pattern', () => {
		expect(checkAlert(alert('task.heartbeat'), rules({ includeEvents: 'task.*', excludeEvents: '*.heartbeat' }))).toEqual({
			pass: false,
			detail: 'Event "task.heartbeat" matches Exclude Events pattern "*.heartbeat".',
		});
		expect(checkAlert(alert('task.failed'), rules({ includeEvents: 'task.*', excludeEvents: '*.heartbeat' })).pass).toBe(true);
	});

	it('skips alerts below the minimum severity', () => {
		expect(checkAlert(alert('x', 'warning'), rules({ minSeverity: 'error' }))).toEqual({
			pass: false,
			detail: 'Severity warning is below Minimum Severity error.',
		});
		expect(checkAlert(alert('x', 'error'), rules({ minSeverity: 'error' })).pass).toBe(true);
		expect(checkAlert(alert('x', 'critical'), rules({ minSeverity: 'error' })).pass).toBe(true);
	});
});
