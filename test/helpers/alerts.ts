/**
 * Alerts and passed alerts as the pipeline carries them, for unit tests of the pure modules. Every
 * field is set, so a test states only what it is about.
 */
import type { Alert, Envelope, PassedAlert } from '../../nodes/AlertEmail/model';

/** A firing "flat" alert; override what the test is about. */
export function testAlert(extra: Partial<Alert> = {}): Alert {
	return {
		event: 'e',
		severity: 'warning',
		title: 't',
		message: '',
		source: '',
		status: 'firing',
		time: '2024-05-01T00:00:00Z',
		fields: {},
		shape: 'flat',
		itemIndex: 0,
		...extra,
	};
}

/** An envelope to one recipient, no copies. */
export function testEnvelope(to = 'ops@example.com', prefix = ''): Envelope {
	return { to: [{ name: '', address: to }], cc: [], bcc: [], replyTo: [], prefix };
}

/** An alert that passed the filter and the Send Interval; its throttle key is its title unless given. */
export function testPassed(alert: Partial<Alert> = {}, extra: Partial<PassedAlert> = {}): PassedAlert {
	const full = testAlert(alert);
	return { alert: full, envelope: testEnvelope(), throttleKey: full.title, report: { suppressed: 0 }, ...extra };
}
