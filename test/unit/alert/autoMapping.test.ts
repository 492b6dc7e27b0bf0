import type { MappingContext } from '../../../nodes/AlertEmail/model';
import { mapAuto } from '../../../nodes/AlertEmail/alert/autoMapping';
import { fixture } from '../../helpers/fixtures';

const receivedAt = new Date('2024-05-01T12:00:00Z');
const context = (overrides: Partial<MappingContext> = {}): MappingContext => ({
	itemIndex: 3,
	receivedAt,
	defaultSeverity: 'warning',
	...overrides,
});

describe('auto mapping of a flat item', () => {
	it('reads every core key and keeps the rest as fields', () => {
		const { alerts } = mapAuto(fixture('flat'), context());
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toEqual({
			event: 'sync.failed',
			severity: 'error',
			title: 'Nightly sync of orders failed',
			message: 'Task orders-sync stopped after 3 retries.\nLast error: connection reset by peer',
			source: 'tapdata-worker-2',
			status: 'firing',
			time: '2024-05-01T10:00:00.000Z',
			fields: { taskId: '64f0c2', retries: '3', 'links.task': 'https://tapdata.example.com/tasks/64f0c2' },
			shape: 'flat',
			itemIndex: 3,
		});
	});

	it('understands the alternative key names', () => {
		const { alerts } = mapAuto({ type: 'job.done', level: 'fatal', summary: 'S', description: 'D', job: 'etl', status: 'OK' }, context());
		expect(alerts[0]).toMatchObject({
			event: 'job.done',
			severity: 'critical',
			title: 'S',
			message: 'D',
			source: 'etl',
			status: 'resolved',
		});
	});

	it('falls back to the default severity for a missing or unknown one, and says so in the option', () => {
		expect(mapAuto({ title: 'x' }, context({ defaultSeverity: 'error' })).alerts[0].severity).toBe('error');
		expect(mapAuto({ title: 'x', severity: 'purple' }, context({ defaultSeverity: 'info' })).alerts[0].severity).toBe('info');
	});

	it('makes a title from the message, event or source when there is none', () => {
		expect(mapAuto({ message: 'first line\nsecond' }, context()).alerts[0].title).toBe('first line');
		expect(mapAuto({ event: 'e.v' }, context()).alerts[0].title).toBe('e.v');
		expect(mapAuto({ host: 'db-1' }, context()).alerts[0].title).toBe('db-1');
	});

	it('cuts a long first line to 120 characters without splitting an emoji', () => {
		const title = mapAuto({ message: `${'a'.repeat(118)}🔥🔥🔥\nmore` }, context()).alerts[0].title;
		expect(title).toBe(`${'a'.repeat(118)}🔥…`);
	});

	it('uses the receive time when the payload has none', () => {
		expect(mapAuto({ title: 'x' }, context()).alerts[0].time).toBe(receivedAt.toISOString());
	});

	it('reads numbers, booleans, lists and nested objects where text is expected', () => {
		const [alert] = mapAuto(
			{
				event: 404,
				title: true,
				message: ['a', { b: 1 }],
				source: { host: 'db', port: 5432 },
				severity: 2,
				tags: [1, 2],
				deep: { a: { b: { c: 1 } } },
			},
			context(),
		).alerts;
		expect(alert).toMatchObject({
			event: '404',
			title: 'true',
			message: '["a",{"b":1}]',
			source: '{"host":"db","port":5432}',
			severity: 'warning',
			fields: { tags: '[1,2]', 'deep.a': '{"b":{"c":1}}' },
		});
		expect(mapAuto({ title: null, message: null, event: 0 }, context()).alerts[0]).toMatchObject({ event: '0', title: '0' });
	});

	it('decodes bytes as UTF-8, invalid sequences (a Latin-1 buffer) as U+FFFD', () => {
		const [alert] = mapAuto(
			{ title: Buffer.from('磁盘满', 'utf8'), message: Buffer.from('café', 'latin1'), raw: Buffer.from([0xff, 0x41]) },
			context(),
		).alerts;
		expect(alert).toMatchObject({ title: '磁盘满', message: 'caf\ufffd', fields: { raw: '\ufffdA' } });
	});

	it('keeps a key named __proto__ as a field instead of losing it', () => {
		const item = JSON.parse('{"title": "x", "__proto__": "p", "nested": {"__proto__": "q"}}') as Record<string, unknown>;
		expect(mapAuto(item, context()).alerts[0].fields).toEqual(JSON.parse('{"__proto__": "p", "nested.__proto__": "q"}'));
	});

	it('reports an empty item as holding no alert', () => {
		expect(mapAuto({}, context())).toEqual({ alerts: [], none: expect.stringMatching(/empty/) });
		expect(mapAuto({ title: '', message: null }, context()).alerts).toHaveLength(0);
	});
});

describe('auto mapping of an n8n Webhook node item', () => {
	it('reads the payload under body', () => {
		const { alerts } = mapAuto(fixture('webhook-body'), context());
		expect(alerts[0]).toMatchObject({
			event: 'disk.usage',
			severity: 'warning',
			title: '磁盘使用率 91% 🔥',
			message: '/data 分区使用率超过 90%',
			source: 'db-primary-01',
			time: '2024-05-01T10:00:00.000Z',
			shape: 'flat',
		});
		expect(Object.keys(alerts[0].fields)).not.toContain('headers.host');
	});

	it('does not unwrap a body beside other data', () => {
		const { alerts } = mapAuto({ title: 'outer', body: { title: 'inner' } }, context());
		expect(alerts[0].title).toBe('outer');
	});

	it('finds an Alertmanager payload under body', () => {
		const { alerts } = mapAuto({ headers: {}, body: fixture('alertmanager-v4'), webhookUrl: 'x' }, context());
		expect(alerts.map((alert) => alert.shape)).toEqual(['alertmanager', 'alertmanager']);
	});
});

describe('auto mapping of a Prometheus Alertmanager webhook', () => {
	const { alerts } = mapAuto(fixture('alertmanager-v4'), context());

	it('makes one alert per entry of alerts[]', () => {
		expect(alerts).toHaveLength(2);
		expect(alerts.every((alert) => alert.itemIndex === 3 && alert.shape === 'alertmanager')).toBe(true);
	});

	it('maps labels and annotations of a firing alert', () => {
		expect(alerts[0]).toMatchObject({
			event: 'InstanceDown',
			severity: 'critical',
			title: 'Instance 10.0.0.12:9100 down',
			message: '10.0.0.12:9100 of job node has been down for more than 5 minutes.',
			source: '10.0.0.12:9100',
			status: 'firing',
			time: '2024-05-01T09:55:12.345Z',
		});
		expect(alerts[0].fields).toEqual({
			job: 'node',
			runbook_url: 'https://runbooks.example.com/InstanceDown',
			generatorURL: 'http://prometheus.example.com:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1',
		});
	});

	it('maps a resolved alert with its end time and keeps its severity', () => {
		expect(alerts[1]).toMatchObject({
			event: 'HighMemoryUsage',
			severity: 'warning',
			status: 'resolved',
			time: '2024-05-01T09:58:00.000Z',
		});
	});

	it('keeps a label or annotation named __proto__ as a field', () => {
		const payload = JSON.parse(
			'{"version": "4", "receiver": "r", "alerts": [{"labels": {"alertname": "A", "__proto__": "label"}, "annotations": {"constructor": "note"}}]}',
		) as Record<string, unknown>;
		expect(Object.entries(mapAuto(payload, context()).alerts[0].fields)).toEqual([
			['__proto__', 'label'],
			['constructor', 'note'],
		]);
	});

	it('reports an empty alerts list as holding no alert', () => {
		const payload = { ...fixture('alertmanager-v4'), alerts: [] };
		expect(mapAuto(payload, context())).toEqual({ alerts: [], none: 'The Alertmanager payload has no alerts in alerts[].' });
	});
});

describe('auto mapping of a Grafana alerting webhook', () => {
	it('maps each alert with Grafana links and values', () => {
		const { alerts } = mapAuto(fixture('grafana'), context());
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({
			event: 'High CPU usage',
			severity: 'error',
			title: 'CPU above 85% on web-03',
			message: 'CPU usage has been above 85% for 10 minutes.',
			source: 'web-03',
			status: 'firing',
			time: '2024-05-01T01:50:00.000Z',
			shape: 'grafana',
		});
		expect(alerts[0].fields).toMatchObject({
			grafana_folder: 'Infrastructure',
			values: '{"B":91.37,"C":1}',
			dashboardURL: 'https://grafana.example.com/d/node01?orgId=1',
			panelURL: 'https://grafana.example.com/d/node01?orgId=1&viewPanel=2',
		});
	});
});

describe('auto mapping of an Uptime Kuma webhook', () => {
	it('maps a down heartbeat to a firing critical alert', () => {
		const { alerts } = mapAuto(fixture('uptime-kuma-down'), context());
		expect(alerts).toEqual([
			{
				event: 'uptime-kuma',
				severity: 'critical',
				title: 'Shop: 🔴 Down',
				message: 'getaddrinfo ENOTFOUND shop.example.com',
				source: 'Shop',
				status: 'firing',
				time: '2024-05-01T02:03:04.567Z',
				fields: { url: 'https://shop.example.com', type: 'http', duration: '61 s', localTime: '2024-05-01 10:03:04 (Asia/Shanghai)' },
				shape: 'uptimeKuma',
				itemIndex: 3,
			},
		]);
	});

	it('maps an up heartbeat to a resolved alert with the same event and source (the same throttle key)', () => {
		const down = mapAuto(fixture('uptime-kuma-down'), context()).alerts[0];
		const up = mapAuto(fixture('uptime-kuma-up'), context()).alerts[0];
		expect(up).toMatchObject({ status: 'resolved', title: 'Shop: ✅ Up', event: down.event, source: down.source, severity: down.severity });
		expect(up.fields.ping).toBe('182 ms');
	});

	it('maps a test notification (no heartbeat, no monitor) with the default severity', () => {
		const { alerts } = mapAuto({ heartbeat: null, monitor: null, msg: 'My Webhook Testing' }, context({ defaultSeverity: 'info' }));
		expect(alerts[0]).toMatchObject({ title: 'My Webhook Testing', severity: 'info', status: 'firing', shape: 'uptimeKuma' });
	});
});
