// @ts-check
'use strict';
// A local mailbox for trying the node and for the e2e tests: an SMTP server on 127.0.0.1 that
// asks for a login like QQ/163 do (AUTH PLAIN/LOGIN with an "authorization code") and answers a
// wrong one with QQ's `535 Login fail`, plus a small web page and JSON API listing what arrived
// and every login attempt (so a test can count how often n8n logged in).
// Nothing leaves the machine: the server keeps mails in memory and never relays them.
//
// Plain SMTP without STARTTLS: it only listens on loopback, and offering STARTTLS with a
// self-signed certificate would make the "security: none" credential upgrade and then fail.

const http = require('node:http');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

/**
 * One message as the mailbox received it.
 * @typedef {object} ReceivedMail
 * @property {number} id
 * @property {string} receivedAt  ISO time
 * @property {{ from: string, to: string[] }} envelope  MAIL FROM and RCPT TO
 * @property {string} login  the user the client logged in as
 * @property {string} messageId
 * @property {string} from
 * @property {string} to
 * @property {string} subject
 * @property {string} date
 * @property {string} text
 * @property {string} html
 * @property {Record<string, string>} headers  the headers whose value is plain text
 */

/**
 * One AUTH attempt (PLAIN or LOGIN), accepted or refused.
 * @typedef {object} LoginAttempt
 * @property {string} at  ISO time
 * @property {string} user
 * @property {boolean} accepted
 * @property {string} remoteAddress
 */

/** @typedef {Awaited<ReturnType<typeof startMailbox>>} Mailbox */

const DEFAULT_LOGIN = { user: 'alerts@mailbox.local', code: 'local-auth-code' };

/**
 * Starts the mailbox. Ports 0 pick free ones.
 * @param {{ host?: string, smtpPort?: number, webPort?: number, user?: string, code?: string }} [options]
 */
async function startMailbox({ host = '127.0.0.1', smtpPort = 0, webPort = 0, user = DEFAULT_LOGIN.user, code = DEFAULT_LOGIN.code } = {}) {
	/** @type {ReceivedMail[]} */
	const messages = [];
	/** @type {LoginAttempt[]} */
	const logins = [];
	/** @type {Set<() => boolean>} */
	const waiters = new Set();
	let nextId = 1;

	const notify = () => {
		for (const waiter of waiters) waiter();
	};

	const smtp = new SMTPServer({
		name: 'mailbox.local',
		banner: 'n8n-nodes-alert-email local mailbox',
		authMethods: ['PLAIN', 'LOGIN'],
		allowInsecureAuth: true,
		disabledCommands: ['STARTTLS'],
		size: 10 * 1024 * 1024,
		logger: false,
		onAuth(auth, session, callback) {
			const accepted = auth.username === user && auth.password === code;
			logins.push({ at: new Date().toISOString(), user: auth.username ?? '', accepted, remoteAddress: session.remoteAddress });
			if (accepted) return callback(null, { user });
			// The same words QQ Mail answers with, so the credential's hint is tested for real.
			const error = Object.assign(
				new Error(
					'Login fail. Account is abnormal, service is not open, password is incorrect, login frequency limited, or system is busy.',
				),
				{ responseCode: 535 },
			);
			return callback(error);
		},
		onData(stream, session, callback) {
			simpleParser(stream)
				.then((parsed) => {
					const to = parsed.to === undefined ? [] : Array.isArray(parsed.to) ? parsed.to : [parsed.to];
					messages.push({
						id: nextId++,
						receivedAt: new Date().toISOString(),
						envelope: {
							from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
							to: session.envelope.rcptTo.map((r) => r.address),
						},
						login: session.user,
						messageId: parsed.messageId || '',
						from: parsed.from ? parsed.from.text : '',
						to: to.map((a) => a.text).join(', '),
						subject: parsed.subject || '',
						date: parsed.date ? parsed.date.toISOString() : '',
						text: parsed.text || '',
						html: typeof parsed.html === 'string' ? parsed.html : '',
						headers: Object.fromEntries(
							[...parsed.headers].filter(([, v]) => typeof v === 'string').map(([k, v]) => [k, /** @type {string} */ (v)]),
						),
					});
					notify();
					callback(null, 'Message queued in the local mailbox');
				})
				.catch(callback);
		},
	});
	await listen(smtp, smtpPort, host);

	const web = http.createServer((req, res) => handleWeb(req, res, { messages, logins, clear }));
	await listen(web, webPort, host);

	/** Forgets the messages (not the logins). */
	function clear() {
		messages.length = 0;
	}

	/**
	 * Resolves with the messages once `predicate(messages)` holds; rejects after timeoutMs.
	 * @param {(all: ReceivedMail[]) => boolean} [predicate]
	 * @param {number} [timeoutMs]
	 * @returns {Promise<ReceivedMail[]>}
	 */
	function waitForMessages(predicate = (all) => all.length > 0, timeoutMs = 20000) {
		return new Promise((resolve, reject) => {
			const check = () => {
				if (!predicate(messages)) return false;
				cleanup();
				resolve([...messages]);
				return true;
			};
			const timer = setTimeout(() => {
				cleanup();
				reject(
					new Error(
						`mailbox: condition not met within ${timeoutMs} ms; ${messages.length} message(s): ${messages.map((m) => m.subject).join(' | ')}`,
					),
				);
			}, timeoutMs);
			const cleanup = () => {
				clearTimeout(timer);
				waiters.delete(check);
			};
			waiters.add(check);
			check();
		});
	}

	const smtpAddress = /** @type {import('node:net').AddressInfo} */ (smtp.server.address());
	const webAddress = /** @type {import('node:net').AddressInfo} */ (web.address());
	return {
		host,
		smtpPort: smtpAddress.port,
		webPort: webAddress.port,
		webUrl: `http://${host}:${webAddress.port}/`,
		user,
		code,
		/** @returns {ReceivedMail[]} what arrived so far, oldest first */
		messages: () => [...messages],
		/** @returns {LoginAttempt[]} every AUTH attempt so far, oldest first */
		logins: () => [...logins],
		clear,
		waitForMessages,
		/** @returns {Promise<void>} */
		async close() {
			await new Promise((resolve) => smtp.close(() => resolve(undefined)));
			web.closeAllConnections();
			await new Promise((resolve) => web.close(() => resolve(undefined)));
		},
	};
}

/**
 * @typedef {object} Listening
 * @property {(port: number, host: string, callback: () => void) => unknown} listen
 * @property {(event: 'error', listener: (error: Error) => void) => unknown} once
 * @property {(event: 'error', listener: (error: Error) => void) => unknown} removeListener
 */

/**
 * @param {Listening} server
 * @param {number} port
 * @param {string} host
 * @returns {Promise<void>}
 */
function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.removeListener('error', reject);
			resolve();
		});
	});
}

/**
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {{ messages: ReceivedMail[], logins: LoginAttempt[], clear: () => void }} state
 */
function handleWeb(req, res, { messages, logins, clear }) {
	const url = new URL(req.url ?? '/', 'http://mailbox.local');
	/** @type {(status: number, type: string, body: string) => void} */
	const send = (status, type, body) => {
		res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
		res.end(body);
	};
	if (url.pathname === '/api/messages' && req.method === 'GET') {
		return send(200, 'application/json', JSON.stringify(messages));
	}
	if (url.pathname === '/api/logins' && req.method === 'GET') {
		return send(200, 'application/json', JSON.stringify(logins));
	}
	if (url.pathname === '/api/messages' && req.method === 'DELETE') {
		clear();
		return send(200, 'application/json', '{"cleared":true}');
	}
	const one = /^\/messages\/(\d+)$/.exec(url.pathname);
	if (one) {
		const message = messages.find((m) => m.id === Number(one[1]));
		if (!message) return send(404, 'text/plain', 'no such message');
		// The HTML body is shown in a sandboxed frame: it came from a workflow and may contain anything.
		return send(200, 'text/html; charset=utf-8', messagePage(message));
	}
	if (url.pathname === '/' && req.method === 'GET') {
		return send(200, 'text/html; charset=utf-8', listPage(messages, logins));
	}
	return send(404, 'text/plain', 'not found');
}

/** @type {Record<string, string>} */
const HTML_ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** @param {unknown} value */
const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);

const PAGE_STYLE =
	'body{font:14px system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;width:100%}' +
	'td,th{border-bottom:1px solid #ddd;padding:.4rem .6rem;text-align:left;vertical-align:top}' +
	'th{background:#f4f4f4}a{color:#0b63ce}iframe{width:100%;height:70vh;border:1px solid #ccc}pre{white-space:pre-wrap}';

/**
 * @param {ReceivedMail[]} messages
 * @param {LoginAttempt[]} logins
 */
function listPage(messages, logins) {
	const rows = [...messages]
		.reverse()
		.map(
			(m) =>
				`<tr><td>${m.id}</td><td>${escapeHtml(m.receivedAt.replace('T', ' ').slice(0, 19))}</td>` +
				`<td><a href="/messages/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td>` +
				`<td>${escapeHtml(m.from)}</td><td>${escapeHtml(m.to)}</td></tr>`,
		)
		.join('');
	return (
		`<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">` +
		`<title>Local mailbox (${messages.length})</title><style>${PAGE_STYLE}</style></head><body>` +
		`<h1>Local mailbox</h1><p>${messages.length} message(s), newest first; ` +
		`${logins.filter((l) => l.accepted).length} login(s), ${logins.filter((l) => !l.accepted).length} refused. Refreshes every 5 s. ` +
		`JSON: <a href="/api/messages">/api/messages</a>, <a href="/api/logins">/api/logins</a></p>` +
		`<table><tr><th>#</th><th>received</th><th>subject</th><th>from</th><th>to</th></tr>${rows}</table>` +
		`</body></html>`
	);
}

/** @param {ReceivedMail} m */
function messagePage(m) {
	const body = m.html ? `<iframe sandbox srcdoc="${escapeHtml(m.html)}"></iframe>` : `<pre>${escapeHtml(m.text)}</pre>`;
	return (
		`<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(m.subject)}</title>` +
		`<style>${PAGE_STYLE}</style></head><body><p><a href="/">&larr; all messages</a></p>` +
		`<h1>${escapeHtml(m.subject)}</h1><table>` +
		`<tr><th>From</th><td>${escapeHtml(m.from)}</td></tr><tr><th>To</th><td>${escapeHtml(m.to)}</td></tr>` +
		`<tr><th>Date</th><td>${escapeHtml(m.date)}</td></tr><tr><th>Message-ID</th><td>${escapeHtml(m.messageId)}</td></tr>` +
		`</table>${body}<details><summary>Plain text</summary><pre>${escapeHtml(m.text)}</pre></details></body></html>`
	);
}

module.exports = { startMailbox, DEFAULT_LOGIN };

// `node scripts/lib/mailbox.cjs [smtpPort] [webPort]` runs the mailbox on its own.
if (require.main === module) {
	const [smtpPort = 2525, webPort = 8025] = process.argv.slice(2).map(Number);
	startMailbox({ smtpPort, webPort }).then((box) => {
		console.log(`SMTP 127.0.0.1:${box.smtpPort} (user ${box.user}, authorization code ${box.code}); web ${box.webUrl}`);
		const stop = () => box.close().then(() => process.exit(0));
		process.on('SIGINT', stop);
		process.on('SIGTERM', stop);
	});
}
