/** Colours of the severity bar and badge; resolved is always green. Hex values, for bgcolor too. */
import type { Alert, Severity } from '../model';

const SEVERITY_COLOURS: Record<Severity, string> = {
	info: '#1a73e8',
	warning: '#f29900',
	error: '#e8710a',
	critical: '#d93025',
};

export const RESOLVED_COLOUR = '#188038';

export function alertColour(alert: Pick<Alert, 'severity' | 'status'>): string {
	return alert.status === 'resolved' ? RESOLVED_COLOUR : SEVERITY_COLOURS[alert.severity];
}
