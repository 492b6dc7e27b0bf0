import type { Alert, PassedAlert } from '../../../nodes/AlertEmail/model';
import { groupForMail } from '../../../nodes/AlertEmail/policy/grouping';
import { digestThreadHeaders, senderDomain, threadHeaders, threadRoot } from '../../../nodes/AlertEmail/mail/threading';
import { testEnvelope, testPassed } from '../../helpers/alerts';

const passed = (title: string, severity: Alert['severity'], extra: Partial<Alert> = {}, to = 'a@x.com'): PassedAlert =>
	testPassed({ title, severity, ...extra }, { envelope: testEnvelope(to, '[P]') });

describe('grouping', () => {
	const alerts = [
		passed('w1', 'warning', { itemIndex: 0 }),
		passed('r', 'critical', { status: 'resolved', itemIndex: 1 }),
		passed('c-late', 'critical', { time: '2024-05-01T00:05:00Z', itemIndex: 2 }),
		passed('i', 'info', { itemIndex: 3 }),
		passed('c-early', 'critical', { time: '2024-05-01T00:01:00Z', itemIndex: 4 }),
		passed('e', 'error', { itemIndex: 5 }),
	];

	it('perAlert makes one group per alert in input order', () => {
		expect(groupForMail(alerts, 'perAlert').map((g) => [g.kind, g.entries[0].alert.title])).toEqual(
			alerts.map((a) => ['single', a.alert.title]),
		);
	});

	it('digest sorts firing by severity then time, resolved last', () => {
		const [group] = groupForMail(alerts, 'digest');
		expect(group.kind).toBe('digest');
		expect(group.entries.map((e) => e.alert.title)).toEqual(['c-early', 'c-late', 'e', 'w1', 'i', 'r']);
	});

	it('digest makes one group per recipient set', () => {
		const groups = groupForMail(
			[passed('a', 'info', {}, 'a@x.com'), passed('b', 'info', {}, 'b@x.com'), passed('c', 'info', {}, 'a@x.com')],
			'digest',
		);
		expect(groups.map((g) => g.entries.map((e) => e.alert.title))).toEqual([['a', 'c'], ['b']]);
	});
});

describe('threading', () => {
	const scope = { workflowId: 'wf1', nodeId: 'n1', domain: 'example.com' };

	it('gives a key a stable root and different keys, nodes and workflows different roots', () => {
		expect(threadRoot(scope, 'k')).toBe(threadRoot({ ...scope }, 'k'));
		expect(threadRoot(scope, 'k')).toMatch(/^<alert-thread\.[0-9a-f]{32}@example\.com>$/);
		const others = [threadRoot(scope, 'k2'), threadRoot({ ...scope, nodeId: 'n2' }, 'k'), threadRoot({ ...scope, workflowId: 'wf2' }, 'k')];
		expect(new Set([threadRoot(scope, 'k'), ...others]).size).toBe(4);
	});

	it('refers to the root in In-Reply-To and References', () => {
		const root = threadRoot(scope, 'k');
		expect(threadHeaders(scope, 'k')).toEqual({ inReplyTo: root, references: [root] });
		expect(digestThreadHeaders(scope).inReplyTo).not.toBe(root);
	});

	it('takes the sender domain, cleaned, with a fallback', () => {
		expect(senderDomain('alerts@Example.COM')).toBe('example.com');
		expect(senderDomain('x@ex>am ple.com\r\n')).toBe('example.com');
		expect(senderDomain('')).toBe('alert-email.n8n.local');
	});
});
