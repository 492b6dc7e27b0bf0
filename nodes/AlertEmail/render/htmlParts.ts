/**
 * Building blocks of the HTML body, made for mail clients rather than browsers: tables for layout,
 * bgcolor beside background-color, inline styles only (no <style>, no external CSS, no flex or
 * grid), fixed 600 px column that shrinks on phones. Every argument named `...Html` must already
 * be escaped; plain strings are escaped here.
 */
import { escapeHtml } from './escape';

export const FONT = "font-family:-apple-system,'Segoe UI','PingFang SC','Hiragino Sans GB','Microsoft YaHei',Arial,sans-serif;";
const MUTED = '#5f6368';
const LINE = '#e3e5e8';

export function page(titleText: string, barColour: string, rowsHtml: string, footerText: string): string {
	const bar = escapeHtml(barColour);
	return [
		'<!DOCTYPE html>',
		'<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">',
		'<meta name="viewport" content="width=device-width, initial-scale=1">',
		`<title>${escapeHtml(titleText)}</title></head>`,
		'<body style="margin:0;padding:0;background-color:#f4f5f7;">',
		'<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" bgcolor="#f4f5f7" style="background-color:#f4f5f7;">',
		'<tr><td align="center" style="padding:16px 8px;">',
		`<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" bgcolor="#ffffff" style="width:100%;max-width:600px;background-color:#ffffff;border:1px solid ${LINE};">`,
		`<tr><td height="6" bgcolor="${bar}" style="height:6px;line-height:6px;font-size:0;background-color:${bar};">&nbsp;</td></tr>`,
		rowsHtml,
		`<tr><td style="padding:12px 24px 16px;border-top:1px solid ${LINE};${FONT}font-size:12px;color:${MUTED};">${escapeHtml(footerText)}</td></tr>`,
		'</table>',
		'</td></tr></table>',
		'</body></html>',
	].join('\n');
}

export function badge(text: string, colour: string): string {
	const bg = escapeHtml(colour);
	return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="display:inline-table;"><tr><td bgcolor="${bg}" style="background-color:${bg};padding:2px 8px;${FONT}font-size:12px;font-weight:bold;color:#ffffff;">${escapeHtml(text)}</td></tr></table>`;
}

export function row(innerHtml: string, padding = '16px 24px 0'): string {
	return `<tr><td style="padding:${padding};${FONT}font-size:14px;line-height:1.5;color:#202124;">${innerHtml}</td></tr>`;
}

export function heading(text: string): string {
	return `<h1 style="margin:8px 0 0;${FONT}font-size:20px;line-height:1.3;font-weight:bold;color:#202124;word-break:break-word;">${escapeHtml(text)}</h1>`;
}

export function note(text: string, colour: string): string {
	const bg = escapeHtml(colour);
	return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td bgcolor="#fef7e0" style="background-color:#fef7e0;border-left:4px solid ${bg};padding:8px 12px;${FONT}font-size:13px;color:#202124;">${escapeHtml(text)}</td></tr></table>`;
}

/** A two-column table of label → value; values are HTML already. */
export function factsTable(rows: ReadonlyArray<[string, string]>): string {
	const body = rows
		.map(
			([label, valueHtml]) =>
				`<tr><td valign="top" width="32%" style="padding:6px 8px;border-bottom:1px solid ${LINE};${FONT}font-size:13px;color:${MUTED};word-break:break-word;">${escapeHtml(label)}</td>` +
				`<td valign="top" style="padding:6px 8px;border-bottom:1px solid ${LINE};${FONT}font-size:13px;color:#202124;word-break:break-word;">${valueHtml}</td></tr>`,
		)
		.join('');
	return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;border-top:1px solid ${LINE};">${body}</table>`;
}

export function paragraph(innerHtml: string): string {
	return `<p style="margin:0;${FONT}font-size:14px;line-height:1.6;color:#202124;word-break:break-word;">${innerHtml}</p>`;
}
