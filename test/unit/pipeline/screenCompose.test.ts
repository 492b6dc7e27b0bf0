import type { Alert } from '../../../nodes/AlertEmail/model';
import { composeJobs } from '../../../nodes/AlertEmail/pipeline/composeJobs';
import type { ComposeSettings } from '../../../nodes/AlertEmail/pipeline/composeJobs';
import { screenAlerts } from '../../../nodes/AlertEmail/pipeline/screenAlerts';
import { throttleKeyOf } from '../../../nodes/AlertEmail/throttle/throttleKey';
import { LocalIntervalStore } from '../../../nodes/AlertEmail/throttle/intervalStore';
import type { ItemPlan } from '../../../nodes/AlertEmail/pipeline/readItems';
import { groupForMail } from '../../../nodes/AlertEmail/policy/grouping';
import { threadRoot } from '../../../nodes/AlertEmail/mail/threading';
import { MapTable } from '../../../nodes/AlertEmail/throttle/entryTables';
import { testAlert } from '../../helpers/alerts';

const T0 = Date.parse('2024-05-01T00:00:00Z');
const alert = (itemIndex: number, extra: Partial<Alert> = {}): Alert =>
	testAlert({ event: 'task.failed', severity: 'error', title: `t${itemIndex}`, source: 'worker', itemIndex, ...extra });
const plan = (itemIndex: number, alerts: Alert[], overrides: Partial<Extract<ItemPlan, { kind: 'alerts' }>> = {}): ItemPlan => ({
	kind: 'alerts',
	itemIndex,
	alerts,
	envelope: { to: [{ name: '', address: 'ops@example.com' }], cc: [], bcc: [], replyTo: [], prefix: '[P]' },
	rules: { includeEvents: '', excludeEvents: '', minSeverity: 'info' },
	throttleKeyTemplate: '{event}|{source}',
	templates: {},
	...overrides,
});

describe('throttle keys from hostile payloads', () => {
	it('keeps keys up to 200 characters, and cuts longer ones to 200 ending in a hash of the whole', () => {
		expect(throttleKeyOf(alert(0, { event: 'e'.repeat(100), source: 's'.repeat(99) }), '{event}|{source}')).toHaveLength(200);
		const a = throttleKeyOf(alert(0, { event: 'x'.repeat(1_000_000), source: 'a' }), '{event}|{source}');
		const b = throttleKeyOf(alert(0, { event: 'x'.repeat(1_000_000), source: 'b' }), '{event}|{source}');
		expect(a).toHaveLength(200);
		expect(a).toMatch(/^x{182}…#[0-9a-f]{16}$/);
		expect(a).not.toBe(b);
	});
});

describe('deciding alerts', () => {
	it('accounts for every alert: passed, filtered, throttled, and inputs without alerts', async () => {
		const plans: ItemPlan[] = [
			plan(0, [alert(0)]),
			plan(1, [alert(1, { severity: 'info' })], { rules: { includeEvents: '', excludeEvents: '', minSeverity: 'warning' } }),
			plan(2, [alert(2)]),
			{ kind: 'empty', itemIndex: 3, none: 'The item is empty.' },
			plan(4, [alert(4, { source: 'other' }), alert(4, { event: 'heartbeat' })], {
				rules: { includeEvents: '', excludeEvents: 'heart*', minSeverity: 'info' },
			}),
		];
		const { passed, skipped } = await screenAlerts(plans, new LocalIntervalStore(new MapTable(), 60_000), T0, 60_000);
		expect(passed.map((p) => [p.alert.itemIndex, p.throttleKey])).toEqual([
			[0, 'task.failed|worker'],
			[4, 'task.failed|other'],
		]);
		expect(skipped.map((s) => [s.itemIndex, s.reason])).toEqual([
			[1, 'filtered'],
			[2, 'throttled'],
			[3, 'noAlerts'],
			[4, 'filtered'],
		]);
		expect(skipped[1].throttle).toEqual({
			key: 'task.failed|worker',
			lastSentAt: '2024-05-01T00:00:00.000Z',
			nextAllowedAt: '2024-05-01T00:01:00.000Z',
			suppressed: 1,
			suppressedSince: '2024-05-01T00:00:00.000Z',
		});
		expect(skipped[1].detail).toMatch(/Send Interval 1 min/);
	});

	it('builds the throttle key from the template, with the default for an empty result', () => {
		expect(throttleKeyOf(alert(0), '{source}/{fields.region}')).toBe('worker/');
		expect(throttleKeyOf(alert(0, { fields: { region: 'cn' } }), '{source}/{fields.region}')).toBe('worker/cn');
		expect(throttleKeyOf(alert(0), '{fields.none}')).toBe('task.failed|worker');
	});
});

describe('composing mail jobs', () => {
	const settings: ComposeSettings = {
		language: 'en',
		timeZone: 'UTC',
		workflowName: 'wf',
		highPriority: true,
		from: { name: 'n8n', address: 'alerts@example.com' },
		files: { maxBytes: 20 * 1024 * 1024, onProblem: 'refuse' },
		thread: { workflowId: 'w', nodeId: 'n', domain: 'example.com' },
	};

	it('digests link every covered input once and thread by node', async () => {
		const { passed } = await screenAlerts(
			[plan(0, [alert(0), alert(0, { source: 's2' })]), plan(2, [alert(2, { source: 's3', severity: 'critical' })])],
			new LocalIntervalStore(new MapTable(), 0),
			T0,
			0,
		);
		const [composed] = composeJobs(groupForMail(passed, 'digest'), settings);
		expect(composed.job.itemIndexes).toEqual([0, 2]);
		expect(composed.job.alertCount).toBe(3);
		expect(composed.job.mail.subject).toBe('[P] 3 alerts: 1 critical, 2 error');
		expect(composed.job.mail.priority).toBe('high');
		expect(composed.job.mail.inReplyTo).toMatch(/^<alert-thread\./);
		expect(composed.job.mail.messageId).toBeUndefined();
	});

	it('per-alert emails thread by throttle key and carry the automated-mail headers', async () => {
		const { passed } = await screenAlerts([plan(0, [alert(0)])], new LocalIntervalStore(new MapTable(), 0), T0, 0);
		const [composed] = composeJobs(groupForMail(passed, 'perAlert'), settings);
		const root = threadRoot({ workflowId: 'w', nodeId: 'n', domain: 'example.com' }, 'task.failed|worker');
		expect(composed.job.mail).toMatchObject({
			from: { name: 'n8n', address: 'alerts@example.com' },
			to: [{ name: '', address: 'ops@example.com' }],
			inReplyTo: root,
			references: [root],
			headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
		});
		expect(composed.job.mail.cc).toBeUndefined();
		expect(composeJobs(groupForMail(passed, 'perAlert'), { ...settings, thread: undefined })[0].job.mail.inReplyTo).toBeUndefined();
	});
});
