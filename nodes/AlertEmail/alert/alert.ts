/** The alert every input shape is mapped to; everything downstream works on this only. */
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Alert {
	event: string;
	severity: Severity;
	title: string;
	message: string;
	source: string;
	/** "firing" unless the payload says the problem is over ("resolved"). */
	status: 'firing' | 'resolved';
	/** ISO 8601 time the alert happened; the time it was received when the payload has none. */
	time: string;
	/** Extra key/value facts shown in the email's table (labels, annotations, links). */
	fields: Record<string, string>;
	/** The input item this alert came from. */
	itemIndex: number;
}
