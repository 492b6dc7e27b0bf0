/** Alerts: what mapping makes of any input shape, and the severity scale they are built on. */
/** The alert every input shape is mapped to; everything downstream works on this only. */
export const SEVERITIES = ['info', 'warning', 'error', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type AlertStatus = 'firing' | 'resolved';

/** Where an alert came from; shown in the Skipped output so a user can see how an item was read. */
export type AlertShape = 'flat' | 'alertmanager' | 'grafana' | 'uptimeKuma' | 'manual';

export interface Alert {
	event: string;
	/** A resolved alert keeps the severity of the problem it resolves, so filters treat both alike. */
	severity: Severity;
	title: string;
	message: string;
	source: string;
	/** "firing" unless the payload says the problem is over ("resolved"). */
	status: AlertStatus;
	/** ISO 8601 when the payload's time is understood, else its text as given; the receive time when absent. */
	time: string;
	/** Extra key/value facts shown in the email's table (labels, annotations, links). */
	fields: Record<string, string>;
	shape: AlertShape;
	/** The input item this alert came from. */
	itemIndex: number;
}

/** What every mapper needs besides the payload. */
export interface MappingContext {
	itemIndex: number;
	receivedAt: Date;
	/** Used when the payload has no severity or one no alias matches. */
	defaultSeverity: Severity;
}

/** The alerts found in one item; `none` says why there are none (the item still ends in Skipped). */
export interface MappingResult {
	alerts: Alert[];
	none?: string;
}
