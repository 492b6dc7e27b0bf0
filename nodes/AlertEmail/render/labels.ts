/** Every word the email shows that is not alert data, in English and Chinese. */
import type { Severity } from '../model';

export type Language = 'en' | 'zh';

export interface Labels {
	severity: Record<Severity, string>;
	firing: string;
	resolved: string;
	event: string;
	level: string;
	status: string;
	source: string;
	time: string;
	alertCount: (count: number) => string;
	summaryPart: (count: number, what: string) => string;
	listSeparator: string;
	summarySeparator: string;
	suppressed: (count: number, since: string) => string;
	notShown: (count: number) => string;
	/** Ends text that was cut: how long it was. */
	cut: (totalChars: number) => string;
	moreFields: (count: number) => string;
	footer: (workflow: string) => string;
}

export const LABELS: Record<Language, Labels> = {
	en: {
		severity: { info: 'Info', warning: 'Warning', error: 'Error', critical: 'Critical' },
		firing: 'Firing',
		resolved: 'Resolved',
		event: 'Event',
		level: 'Severity',
		status: 'Status',
		source: 'Source',
		time: 'Time',
		alertCount: (count) => `${count} ${count === 1 ? 'alert' : 'alerts'}`,
		summaryPart: (count, what) => `${count} ${what.toLowerCase()}`,
		listSeparator: ', ',
		summarySeparator: ': ',
		suppressed: (count, since) => `${count} ${count === 1 ? 'repeat was' : 'repeats were'} suppressed since ${since}.`,
		notShown: (count) => `…and ${count} more ${count === 1 ? 'alert' : 'alerts'}, not shown to keep this email readable.`,
		cut: (total) => `[cut: ${total.toLocaleString('en-US')} characters in all]`,
		moreFields: (count) => `${count} more ${count === 1 ? 'field' : 'fields'}, not shown`,
		footer: (workflow) => (workflow ? `Sent by the n8n workflow “${workflow}”.` : 'Sent by n8n.'),
	},
	zh: {
		severity: { info: '提示', warning: '警告', error: '错误', critical: '严重' },
		firing: '告警中',
		resolved: '已恢复',
		event: '事件',
		level: '级别',
		status: '状态',
		source: '来源',
		time: '时间',
		alertCount: (count) => `${count} 条告警`,
		summaryPart: (count, what) => `${what} ${count}`,
		listSeparator: '，',
		summarySeparator: '：',
		suppressed: (count, since) => `自 ${since} 起已抑制 ${count} 次重复告警。`,
		notShown: (count) => `……另有 ${count} 条告警未显示，以免邮件过长。`,
		cut: (total) => `[已截断：全文共 ${total.toLocaleString('en-US')} 个字符]`,
		moreFields: (count) => `另有 ${count} 个字段未显示`,
		footer: (workflow) => (workflow ? `由 n8n 工作流“${workflow}”发送。` : '由 n8n 发送。'),
	},
};

export function labelsFor(language: string): Labels {
	return language === 'zh' ? LABELS.zh : LABELS.en;
}
