/**
 * A real MTA on loopback for the `mta` test tier: Debian's Postfix with Dovecot as its SASL
 * server, configured from scratch in a fresh temp dir and started as root daemons.
 *
 * - Two submission services on free high ports of 127.0.0.1 (never 25/465/587, which may be
 *   taken): an implicit-TLS one like 465 and a STARTTLS-required one like 587, which in clear
 *   lists STARTTLS but no AUTH and answers MAIL FROM with "530 5.7.0 Must issue a STARTTLS
 *   command first", as most self-hosted mail does. No listener on port 25.
 * - Nothing can leave the machine: no relayhost, `error:` default and relay transports, no local
 *   (system user) delivery; only virtual Maildirs for @example.test under the temp dir.
 * - The system's own Postfix and Dovecot configuration and spools are never written (postfix(1)
 *   only reads the default main.cf, to see whether this is a secondary instance): `postfix -c
 *   <dir>` has its own queue and data directories, `dovecot -c <conf>` its own base and state
 *   directories. Several instances can run at once (one per jest worker).
 *
 * What a client did is read back from Postfix's own log (`maillog_file`): its per-connection
 * summaries ("ehlo=2 starttls=1 auth=0/1 quit=1") tell whether AUTH was sent, failed, or whether
 * the client said goodbye, which no client-side mock can show.
 */
import { execFile, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';
import type { INodeCredentialTestResult } from 'n8n-workflow';

import { testCredential } from './credentialTest';
import { freePort } from './ports';
import { credentialFor } from './smtpServer';

export const MTA_DOMAIN = 'example.test';
/** The SMTP login; also a mailbox, so a bounce to the sender would stay on the machine. */
export const MTA_USER = `alerts@${MTA_DOMAIN}`;
/** A fixed code: the tests must be able to prove it never shows in a message. */
export const MTA_AUTH_CODE = 'mta-code-7Qx2vL9p';
export const MTA_MAILBOXES = [MTA_USER, `ops@${MTA_DOMAIN}`, `oncall@${MTA_DOMAIN}`];
/** Set to 1 in CI once the packages are installed: then a missing MTA fails the tier instead of skipping it. */
export const REQUIRE_MTA_ENV = 'ALERT_EMAIL_REQUIRE_MTA';
/** Set to 1 to keep the temp dir (configs, logs, Maildirs) after the tests, for a post-mortem. */
export const KEEP_MTA_ENV = 'ALERT_EMAIL_KEEP_MTA';

const STARTUP_LIMIT_MS = 20_000;
const SBIN_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

/** Postfix syslog names of the two services, which is how the log tells them apart. */
export type MtaService = 'smtps' | 'submission';

export interface CommandCount {
	/** Commands that succeeded. */
	ok: number;
	/** Commands sent; Postfix writes "auth=0/1" when they differ, "auth=1" when they are equal. */
	total: number;
}

/** One SMTP connection as Postfix logged it, from "connect from" to "disconnect from". */
export interface SessionSummary {
	service: string;
	pid: number;
	/** "ehlo=2 starttls=1 auth=1 quit=1 commands=5": the summary as Postfix wrote it. */
	text: string;
	/** The summary parsed, e.g. { ehlo: { ok: 2, total: 2 }, auth: { ok: 0, total: 1 }, ... }. */
	commands: Record<string, CommandCount>;
	/** Everything smtpd logged for this connection (warnings, "lost connection after AUTH", ...). */
	lines: string[];
}

export interface DeliveredMail {
	file: string;
	raw: Buffer;
	parsed: ParsedMail;
}

export interface MtaPorts {
	/** Implicit TLS from the first byte, like 465. */
	ssl: number;
	/** Plain text until STARTTLS, which is required before AUTH and MAIL, like 587. */
	starttls: number;
}

export interface CredentialCheck {
	result: INodeCredentialTestResult;
	elapsedMs: number;
	connections: number;
	sessions: SessionSummary[];
	log: string;
}

export interface RealMta {
	readonly host: '127.0.0.1';
	readonly ports: MtaPorts;
	readonly user: string;
	readonly password: string;
	/** The temp dir holding configs, queue, logs and Maildirs. */
	readonly dir: string;
	/** How long startRealMta took, configs to both ports greeting. */
	readonly startupMs: number;
	/** Where the startup time went, in ms: certificate, postfix start, dovecot start, ports greeting, log settled. */
	readonly startupPhases: Record<string, number>;
	/** An SMTP Alert credential for this server: SSL/TLS on the implicit-TLS port unless overridden. */
	credential(overrides?: Record<string, unknown>): Record<string, unknown>;
	/** Runs the credential test (as n8n does) and reads back what Postfix logged for exactly that run. */
	checkCredential(overrides: Record<string, unknown>, service: MtaService): Promise<CredentialCheck>;
	/** A position in the log; pass it to the readers below to see only what came after. */
	mark(): number;
	/** Waits until every connection since `since` has been logged as closed and the log is quiet. */
	settle(since?: number, timeoutMs?: number): Promise<boolean>;
	logText(since?: number): string;
	/** Closed connections since `since` (default: since startup, without the readiness checks). */
	sessionSummaries(since?: number, service?: MtaService): SessionSummary[];
	/** "connect from" lines since `since`. */
	connections(since?: number, service?: MtaService): number;
	/** Successful AUTH commands since `since`. */
	logins(since?: number, service?: MtaService): number;
	/** The messages delivered into a mailbox, oldest first. */
	maildir(address: string): Promise<DeliveredMail[]>;
	waitForMail(address: string, count: number, timeoutMs?: number): Promise<DeliveredMail[]>;
	/** `postqueue -j`: mail that is deferred, held or still in flight. Empty means nothing is stuck. */
	queue(): Promise<Array<Record<string, unknown>>>;
	/** Stops Postfix and Dovecot and checks that none of their processes is left. */
	stop(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------
// Availability: the tier skips itself loudly where the packages are missing, unless CI asks for it.

function findBinary(name: string): string | undefined {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...SBIN_DIRS];
	for (const dir of dirs) {
		const candidate = path.join(dir, name);
		try {
			if (statSync(candidate).isFile()) return candidate;
		} catch {
			// not in this directory
		}
	}
	return undefined;
}

/** Why a real MTA cannot run here, or undefined when it can. */
export function realMtaUnavailable(): string | undefined {
	const missing = ['postfix', 'postqueue', 'dovecot', 'openssl'].filter((name) => !findBinary(name));
	if (missing.length > 0) {
		return `missing ${missing.join(', ')} (Debian: apt-get install postfix dovecot-core openssl, or run .ci/mta)`;
	}
	// Postfix and Dovecot start their masters as root and drop privileges per service.
	if (process.getuid?.() !== 0) return 'not running as root (Postfix and Dovecot start as root daemons)';
	return undefined;
}

/**
 * `describe` for the mta tier: runs the tests with a real MTA, skips them with a loud message
 * where Postfix or Dovecot is missing, and fails them instead when ALERT_EMAIL_REQUIRE_MTA=1.
 */
export function describeWithRealMta(name: string, tests: (mta: RealMta) => void): void {
	const reason = realMtaUnavailable();
	if (!reason) {
		describe(name, () => {
			let started: RealMta | undefined;
			beforeAll(async () => {
				started = await startRealMta();
				console.info(`real MTA up in ${started.startupMs} ms (implicit TLS ${started.ports.ssl}, STARTTLS ${started.ports.starttls})`);
			}, 30_000);
			afterAll(async () => {
				await started?.stop();
			}, 30_000);
			// The tests are declared before beforeAll runs: hand them the instance it will start.
			const mta = new Proxy({} as RealMta, {
				get(_target, key) {
					if (!started) throw new Error('the real MTA is used before it was started');
					const value: unknown = Reflect.get(started, key);
					return typeof value === 'function' ? value.bind(started) : value;
				},
			});
			tests(mta);
		});
		return;
	}
	if (process.env[REQUIRE_MTA_ENV] === '1') {
		describe(name, () => {
			it('needs a real MTA (Postfix + Dovecot)', () => {
				throw new Error(`${REQUIRE_MTA_ENV}=1 but the real-MTA tier cannot run: ${reason}`);
			});
		});
		return;
	}
	// Straight to stderr: jest drops console output of a suite whose tests are all skipped.
	process.stderr.write(
		[
			'',
			'='.repeat(78),
			`SKIPPED: real-MTA tests "${name}": ${reason}.`,
			`These tests prove the node against Postfix + Dovecot; set ${REQUIRE_MTA_ENV}=1 to make this an error.`,
			'='.repeat(78),
			'',
		].join('\n'),
	);
	describe.skip(name, () => tests({} as RealMta));
}

// ---------------------------------------------------------------------------------------------
// Small process and network helpers.

interface ExecResult {
	code: number;
	stdout: string;
	stderr: string;
}

function run(file: string, args: string[], timeoutMs = 15_000): Promise<ExecResult> {
	return new Promise((resolve) => {
		execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({ code, stdout, stderr: stderr || (error && !stderr ? error.message : '') });
		});
	});
}

/**
 * Runs a command that leaves daemons behind (postfix start, dovecot). Their output goes to a file,
 * not a pipe: the daemons inherit it, and a pipe would keep execFile waiting (15 s and more) for
 * an end of output that only comes when they exit.
 */
function startDaemon(file: string, args: string[], outputFile: string, timeoutMs = 30_000): Promise<ExecResult> {
	return new Promise((resolve) => {
		const output = openSync(outputFile, 'a');
		const child = spawn(file, args, { stdio: ['ignore', output, output] });
		closeSync(output);
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		const done = (code: number, error = '') => {
			clearTimeout(timer);
			const text = readFileSync(outputFile, 'utf8');
			resolve({ code, stdout: text, stderr: error || text });
		};
		child.on('error', (error) => done(1, error.message));
		child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
	});
}

async function mustRun(file: string, args: string[], what: string): Promise<ExecResult> {
	const result = await run(file, args);
	if (result.code !== 0) throw new Error(`${what} failed (exit ${result.code}): ${result.stderr || result.stdout}`);
	return result;
}

function binary(name: string): string {
	const found = findBinary(name);
	if (!found) throw new Error(`${name} not found (${realMtaUnavailable() ?? 'not on PATH'})`);
	return found;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until Postfix's log is complete since `mark`; a test that reads the log before then could
 * see a connection half logged, or miss one, and prove nothing.
 */
export async function settled(mta: Pick<RealMta, 'settle'>, mark: number): Promise<void> {
	if (!(await mta.settle(mark))) throw new Error('the Postfix log did not settle (a connection still open after 5 s)');
}

/**
 * Connects (with TLS from the first byte when asked), waits for the 220 greeting and says QUIT:
 * proof that smtpd spawns and answers on that port, not only that master bound it. It waits for
 * the 221 so that Postfix logs a clean "quit=1" for it.
 */
function greets(port: number, implicitTls: boolean, timeoutMs: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket: net.Socket = implicitTls
			? tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false, servername: '' })
			: net.connect({ host: '127.0.0.1', port });
		let received = '';
		let greeted = false;
		let settled = false;
		const finish = (ok: boolean) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			if (ok) socket.end();
			else socket.destroy();
			resolve(ok);
		};
		const timer = setTimeout(() => finish(false), timeoutMs);
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => {
			received += chunk;
			if (!greeted && /^220 /m.test(received)) {
				greeted = true;
				received = '';
				socket.write('QUIT\r\n');
			} else if (greeted && /^221 /m.test(received)) finish(true);
			else if (/^[45]\d\d /m.test(received)) finish(false);
		});
		socket.on('error', () => finish(false));
		socket.on('close', () => finish(greeted));
	});
}

function tail(text: string, lines = 30): string {
	return text.split('\n').filter(Boolean).slice(-lines).join('\n');
}

async function readIfThere(file: string): Promise<string> {
	try {
		return await readFile(file, 'utf8');
	} catch {
		return '';
	}
}

/** Pids of processes whose working directory is inside one of `dirs`: the daemons we started. */
function processesIn(dirs: string[]): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
		let cwd: string;
		try {
			cwd = readlinkSync(`/proc/${entry}/cwd`);
		} catch {
			continue;
		}
		if (dirs.some((dir) => cwd === dir || cwd.startsWith(`${dir}/`))) pids.push(Number(entry));
	}
	return pids;
}

function alive(pid: number): boolean {
	return existsSync(`/proc/${pid}`);
}

// ---------------------------------------------------------------------------------------------
// Configuration files.

interface Layout {
	dir: string;
	config: string;
	queue: string;
	data: string;
	mail: string;
	maillog: string;
	tlsDir: string;
	dovecotConf: string;
	dovecotBase: string;
	dovecotState: string;
	dovecotLog: string;
	passwd: string;
	vmailbox: string;
}

function layoutOf(dir: string): Layout {
	return {
		dir,
		config: path.join(dir, 'postfix'),
		queue: path.join(dir, 'queue'),
		data: path.join(dir, 'data'),
		mail: path.join(dir, 'mail'),
		maillog: path.join(dir, 'maillog'),
		tlsDir: path.join(dir, 'tls'),
		dovecotConf: path.join(dir, 'dovecot', 'dovecot.conf'),
		dovecotBase: path.join(dir, 'dovecot', 'run'),
		dovecotState: path.join(dir, 'dovecot', 'state'),
		dovecotLog: path.join(dir, 'dovecot.log'),
		passwd: path.join(dir, 'dovecot', 'passwd'),
		vmailbox: path.join(dir, 'postfix', 'vmailbox'),
	};
}

/** Owner of the Maildirs: the "nobody" account, so no vmail user has to be added to the system. */
function vmailIds(): { uid: number; gid: number } {
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('nobody:'));
	const [, , uid, gid] = line?.split(':') ?? [];
	return { uid: Number(uid ?? 65534), gid: Number(gid ?? 65534) };
}

function mainCf(l: Layout, vmail: { uid: number; gid: number }): string {
	const nothingLeaves = 'error:5.7.1 this test server delivers nothing off the machine';
	return `# Generated by test/helpers/realMta.ts for one test run; see docs/real-mta.md.
compatibility_level = 3.6
queue_directory = ${l.queue}
data_directory = ${l.data}
mail_owner = postfix
setgid_group = postdrop
maillog_file = ${l.maillog}
maillog_file_prefixes = ${l.dir}
myhostname = mail.${MTA_DOMAIN}
mydomain = ${MTA_DOMAIN}
myorigin = $myhostname
biff = no

# Loopback only, IPv4 only.
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.1/32

# Nothing leaves the machine: no relay host, every non-virtual address resolves to the error
# transport (smtpd refuses such a recipient at RCPT), and no delivery to system users.
relayhost =
relay_domains =
default_transport = ${nothingLeaves}
relay_transport = ${nothingLeaves}
mydestination =
local_transport = error:5.1.1 local delivery is off in this test server
alias_maps =
alias_database =

# Virtual Maildirs only; unknown users fail at RCPT with 550 5.1.1.
virtual_mailbox_domains = ${MTA_DOMAIN}
virtual_mailbox_base = ${l.mail}
virtual_mailbox_maps = texthash:${l.vmailbox}
virtual_uid_maps = static:${vmail.uid}
virtual_gid_maps = static:${vmail.gid}
smtpd_reject_unlisted_recipient = yes

# Submission: only logged-in clients may send, to anyone.
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
smtpd_tls_cert_file = ${path.join(l.tlsDir, 'cert.pem')}
smtpd_tls_key_file = ${path.join(l.tlsDir, 'key.pem')}
smtpd_tls_loglevel = 1
`;
}

/**
 * Only the services this server needs, none chrooted (a chroot would need copies of /etc files
 * in the queue dir, which Debian's init script makes and we do not run). No "smtp inet": port 25
 * stays closed.
 */
function masterCf(ports: MtaPorts): string {
	return `# Generated by test/helpers/realMta.ts.
127.0.0.1:${ports.ssl} inet n - n - - smtpd
  -o syslog_name=postfix/smtps
  -o smtpd_tls_wrappermode=yes
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
127.0.0.1:${ports.starttls} inet n - n - - smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
pickup     unix  n - n 60 1 pickup
cleanup    unix  n - n -  0 cleanup
qmgr       unix  n - n 300 1 qmgr
tlsmgr     unix  - - n 1000? 1 tlsmgr
rewrite    unix  - - n -  - trivial-rewrite
bounce     unix  - - n -  0 bounce
defer      unix  - - n -  0 bounce
trace      unix  - - n -  0 bounce
verify     unix  - - n -  1 verify
flush      unix  n - n 1000? 0 flush
proxymap   unix  - - n -  - proxymap
proxywrite unix  - - n -  1 proxymap
showq      unix  n - n -  - showq
error      unix  - - n -  - error
retry      unix  - - n -  - error
discard    unix  - - n -  - discard
virtual    unix  - n n -  - virtual
anvil      unix  - - n -  1 anvil
scache     unix  - - n -  1 scache
postlog    unix-dgram n - n - 1 postlogd
`;
}

function dovecotConf(l: Layout, instance: string, vmail: { uid: number; gid: number }): string {
	return `# Generated by test/helpers/realMta.ts: SASL for Postfix only, no IMAP/POP3.
base_dir = ${l.dovecotBase}
state_dir = ${l.dovecotState}
instance_name = ${instance}
protocols =
ssl = no
log_path = ${l.dovecotLog}
auth_verbose = yes
auth_mechanisms = plain login
# auth_failure_delay stays at its default (2 s): real servers answer a wrong password slowly.
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${l.passwd}
}
userdb {
  driver = static
  args = uid=${vmail.uid} gid=${vmail.gid} home=${l.mail}/%d/%n
}
service auth {
  unix_listener ${path.join(l.queue, 'private', 'auth')} {
    mode = 0660
    user = postfix
    group = postfix
  }
}
`;
}

// ---------------------------------------------------------------------------------------------
// Log reading.

const SMTPD_LINE = /^\S+\s+\S+\s+\S+\s+\S+\s+postfix\/([\w-]+)\/smtpd\[(\d+)\]: (.*)$/;

function completeLines(text: string): string[] {
	const lines = text.split('\n');
	// The last element is "" after a final newline, or a line still being written.
	lines.pop();
	return lines;
}

function parseCounts(text: string): Record<string, CommandCount> {
	const commands: Record<string, CommandCount> = {};
	for (const [, name, ok, total] of text.matchAll(/(\w+)=(\d+)(?:\/(\d+))?/g)) {
		commands[name] = { ok: Number(ok), total: Number(total ?? ok) };
	}
	return commands;
}

function summariesOf(lines: string[], service?: MtaService): SessionSummary[] {
	const open = new Map<string, SessionSummary>();
	const closed: SessionSummary[] = [];
	for (const line of lines) {
		const match = SMTPD_LINE.exec(line);
		if (!match) continue;
		const [, name, pid, message] = match;
		if (service && name !== service) continue;
		const key = `${name}[${pid}]`;
		let session = open.get(key);
		if (!session || message.startsWith('connect from ')) {
			session = { service: name, pid: Number(pid), text: '', commands: {}, lines: [] };
			open.set(key, session);
		}
		session.lines.push(message);
		const disconnect = /^disconnect from \S+ (.*)$/.exec(message);
		if (disconnect) {
			session.text = disconnect[1];
			session.commands = parseCounts(disconnect[1]);
			closed.push(session);
			open.delete(key);
		}
	}
	return closed;
}

// ---------------------------------------------------------------------------------------------
// Start and stop.

async function writeConfigs(l: Layout, ports: MtaPorts, instance: string): Promise<void> {
	const vmail = vmailIds();
	await mkdir(l.config, { recursive: true });
	// postfix(1) chdirs into the queue dir first; post-install then creates its subdirectories (and
	// the data dir) with the owners Postfix wants.
	await mkdir(l.queue, { recursive: true, mode: 0o755 });
	await mkdir(l.tlsDir, { recursive: true });
	await mkdir(l.dovecotBase, { recursive: true });
	await mkdir(l.dovecotState, { recursive: true });
	await mkdir(path.join(l.mail, MTA_DOMAIN), { recursive: true });
	// virtual(8) creates each Maildir as the mailbox owner, so the base must be theirs.
	await chown(l.mail, vmail.uid, vmail.gid);
	await chown(path.join(l.mail, MTA_DOMAIN), vmail.uid, vmail.gid);

	await writeFile(path.join(l.config, 'main.cf'), mainCf(l, vmail));
	await writeFile(path.join(l.config, 'master.cf'), masterCf(ports));
	await writeFile(l.vmailbox, MTA_MAILBOXES.map((address) => `${address} ${MTA_DOMAIN}/${address.split('@')[0]}/\n`).join(''));
	await writeFile(l.passwd, `${MTA_USER}:{PLAIN}${MTA_AUTH_CODE}\n`, { mode: 0o640 });
	// Dovecot's auth process runs as the dovecot user and must read the passwd-file.
	const dovecotGid = readFileSync('/etc/group', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('dovecot:'))
		?.split(':')[2];
	if (dovecotGid) await chown(l.passwd, 0, Number(dovecotGid));
	else await chmod(l.passwd, 0o644);
	await writeFile(l.dovecotConf, dovecotConf(l, instance, vmail));

	// A self-signed certificate for the IP the client connects to (the node is told to accept it).
	await mustRun(
		binary('openssl'),
		[
			'req',
			'-x509',
			'-newkey',
			'rsa:2048',
			'-nodes',
			'-days',
			'2',
			'-subj',
			'/CN=127.0.0.1',
			'-addext',
			'subjectAltName=IP:127.0.0.1',
			'-keyout',
			path.join(l.tlsDir, 'key.pem'),
			'-out',
			path.join(l.tlsDir, 'cert.pem'),
		],
		'openssl req (test certificate)',
	);
	await chmod(path.join(l.tlsDir, 'key.pem'), 0o600);
}

function startPostfix(l: Layout): Promise<ExecResult> {
	// Without a terminal, postfix(1) reports its errors only in maillog_file: callers read it.
	return startDaemon(binary('postfix'), ['-c', l.config, 'start'], path.join(l.dir, 'postfix-start.out'));
}

async function stopDaemons(l: Layout): Promise<string[]> {
	const problems: string[] = [];
	// Its exit code is not the judge (it fails when startup never got the master going): the
	// process check below is.
	if (existsSync(path.join(l.queue, 'pid', 'master.pid'))) await run(binary('postfix'), ['-c', l.config, 'stop'], 20_000);
	const dovecotPid = Number((await readIfThere(path.join(l.dovecotBase, 'master.pid'))).trim());
	if (dovecotPid > 0 && alive(dovecotPid)) {
		try {
			process.kill(dovecotPid, 'SIGTERM');
		} catch {
			// already gone
		}
	}
	// Both masters stop their children; give them a moment, then end any of ours still there.
	const ours = [l.queue, l.dovecotBase];
	const deadline = Date.now() + 10_000;
	while (processesIn(ours).length > 0 && Date.now() < deadline) await sleep(100);
	const left = processesIn(ours);
	if (left.length > 0) {
		problems.push(`processes still running after stop, killed: ${left.join(', ')}`);
		for (const pid of left) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// exited meanwhile
			}
		}
	}
	return problems;
}

export async function startRealMta(): Promise<RealMta> {
	const reason = realMtaUnavailable();
	if (reason) throw new Error(`Cannot start a real MTA: ${reason}`);
	const started = Date.now();
	const phases: Record<string, number> = {};
	let lastPhase = started;
	const phase = (name: string) => {
		const now = Date.now();
		phases[name] = (phases[name] ?? 0) + now - lastPhase;
		lastPhase = now;
	};
	// A unique dir per instance; 0755 because smtpd (user postfix) must reach its queue inside it.
	const dir = await mkdtemp(path.join(os.tmpdir(), 'alert-email-mta-'));
	await chmod(dir, 0o755);
	const l = layoutOf(dir);
	const instance = `alert-mta-${path
		.basename(dir)
		.slice(-6)
		.toLowerCase()
		.replace(/[^a-z0-9]/g, 'x')}`;

	// If the test process exits without stop() (an aborted run), do not leave root daemons behind:
	// a last, synchronous SIGTERM to each of ours.
	const stopOnExit = () => {
		for (const pid of processesIn([l.queue, l.dovecotBase])) {
			try {
				process.kill(pid, 'SIGTERM');
			} catch {
				// gone already
			}
		}
		if (process.env[KEEP_MTA_ENV] !== '1') rmSync(dir, { recursive: true, force: true });
	};
	process.once('exit', stopOnExit);

	const fail = async (message: string): Promise<never> => {
		process.off('exit', stopOnExit);
		const problems = await stopDaemons(l);
		const logs = [
			`--- ${l.maillog} (tail) ---`,
			tail(await readIfThere(l.maillog)) || '(empty)',
			`--- ${l.dovecotLog} (tail) ---`,
			tail(await readIfThere(l.dovecotLog)) || '(empty)',
			...(problems.length ? ['--- stop ---', ...problems] : []),
		].join('\n');
		if (process.env[KEEP_MTA_ENV] !== '1') await rm(dir, { recursive: true, force: true });
		throw new Error(`${message}\n${logs}`);
	};

	// Free ports are picked, then bound by Postfix a moment later: another process may take one in
	// between, so a bind failure is retried with new ports.
	let ports: MtaPorts | undefined;
	for (let attempt = 1; attempt <= 3 && !ports; attempt++) {
		const ssl = await freePort();
		let starttls = await freePort();
		while (starttls === ssl) starttls = await freePort();
		const candidate = { ssl, starttls };
		if (attempt === 1) await writeConfigs(l, candidate, instance);
		else await writeFile(path.join(l.config, 'master.cf'), masterCf(candidate));
		phase('configs and certificate');
		const result = await startPostfix(l);
		phase('postfix start');
		if (result.code === 0) {
			ports = candidate;
			break;
		}
		const log = await readIfThere(l.maillog);
		if (!/Address already in use/.test(log) || attempt === 3) {
			return fail(`postfix -c ${l.config} start failed (exit ${result.code}) ${result.stderr}`.trim());
		}
	}
	if (!ports) return fail('no free ports for Postfix');
	const found: MtaPorts = ports;

	// Dovecot after Postfix: its auth socket goes into Postfix's private queue dir, which Postfix
	// has just created with the right owner.
	const dovecot = await startDaemon(binary('dovecot'), ['-c', l.dovecotConf], path.join(l.dir, 'dovecot-start.out'));
	if (dovecot.code !== 0) return fail(`dovecot -c ${l.dovecotConf} failed (exit ${dovecot.code}): ${dovecot.stderr}`);
	phase('dovecot start');

	const deadline = started + STARTUP_LIMIT_MS;
	const socket = path.join(l.queue, 'private', 'auth');
	const ready = { ssl: false, starttls: false, auth: false };
	while (Date.now() < deadline && !(ready.ssl && ready.starttls && ready.auth)) {
		ready.auth ||= existsSync(socket);
		ready.starttls ||= await greets(found.starttls, false, 2_000);
		ready.ssl ||= await greets(found.ssl, true, 2_000);
		if (!(ready.ssl && ready.starttls && ready.auth)) await sleep(200);
	}
	if (!(ready.ssl && ready.starttls && ready.auth)) {
		const missing = [
			!ready.ssl && `implicit-TLS port ${found.ssl} did not greet`,
			!ready.starttls && `STARTTLS port ${found.starttls} did not greet`,
			!ready.auth && `Dovecot auth socket ${socket} did not appear`,
		].filter(Boolean);
		return fail(`Real MTA not ready within ${STARTUP_LIMIT_MS / 1000} s: ${missing.join('; ')}`);
	}
	phase('both ports greet');

	const readLines = () => {
		try {
			return completeLines(readFileSync(l.maillog, 'utf8'));
		} catch {
			return [];
		}
	};
	const linesSince = (since: number) => readLines().slice(since);

	// Set once the readiness checks are logged: the readers count from there by default.
	let startMark = 0;
	let startupMs = 0;
	const mta: RealMta = {
		host: '127.0.0.1',
		ports: found,
		user: MTA_USER,
		password: MTA_AUTH_CODE,
		dir,
		get startupMs() {
			return startupMs;
		},
		startupPhases: phases,
		credential(overrides = {}) {
			// The certificate is self-signed, made at setup.
			return credentialFor(
				{ host: '127.0.0.1', port: found.ssl, security: 'ssl' },
				{
					user: MTA_USER,
					password: MTA_AUTH_CODE,
					toEmail: `ops@${MTA_DOMAIN}`,
					subjectPrefix: '[MTA]',
					allowUnauthorizedCerts: true,
					...overrides,
				},
			);
		},
		async checkCredential(overrides, service) {
			const mark = mta.mark();
			const started = Date.now();
			const result = await testCredential(mta.credential(overrides));
			const elapsedMs = Date.now() - started;
			await settled(mta, mark);
			return {
				result,
				elapsedMs,
				connections: mta.connections(mark),
				sessions: mta.sessionSummaries(mark, service),
				log: mta.logText(mark),
			};
		},
		mark() {
			return readLines().length;
		},
		async settle(since = startMark, timeoutMs = 5_000) {
			const limit = Date.now() + timeoutMs;
			let lastLength = -1;
			let quietSince = Date.now();
			while (Date.now() < limit) {
				const lines = linesSince(since);
				if (lines.length !== lastLength) {
					lastLength = lines.length;
					quietSince = Date.now();
				}
				const connects = lines.filter((line) => / connect from /.test(line)).length;
				const disconnects = lines.filter((line) => / disconnect from /.test(line)).length;
				// Quiet for a while, so a connection still on its way (a stray probe) shows up too.
				if (connects === disconnects && Date.now() - quietSince >= 400) return true;
				await sleep(50);
			}
			return false;
		},
		logText(since = 0) {
			return linesSince(since).join('\n');
		},
		sessionSummaries(since = startMark, service) {
			return summariesOf(linesSince(since), service);
		},
		connections(since = startMark, service) {
			return linesSince(since).filter((line) => {
				const match = SMTPD_LINE.exec(line);
				return match && (!service || match[1] === service) && match[3].startsWith('connect from ');
			}).length;
		},
		logins(since = startMark, service) {
			return summariesOf(linesSince(since), service).reduce((sum, session) => sum + (session.commands.auth?.ok ?? 0), 0);
		},
		async maildir(address) {
			const [local, domain] = address.toLowerCase().split('@');
			const box = path.join(l.mail, domain ?? '', local);
			const files: Array<{ file: string; mtime: number }> = [];
			for (const sub of ['new', 'cur']) {
				let names: string[] = [];
				try {
					names = await readdir(path.join(box, sub));
				} catch {
					continue;
				}
				for (const name of names) {
					const file = path.join(box, sub, name);
					files.push({ file, mtime: (await stat(file)).mtimeMs });
				}
			}
			files.sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file));
			return Promise.all(
				files.map(async ({ file }) => {
					const raw = await readFile(file);
					return { file, raw, parsed: await simpleParser(raw) };
				}),
			);
		},
		async waitForMail(address, count, timeoutMs = 10_000) {
			const limit = Date.now() + timeoutMs;
			for (;;) {
				const mails = await mta.maildir(address);
				if (mails.length >= count) return mails;
				if (Date.now() >= limit) {
					throw new Error(
						`Expected ${count} mails in ${address}'s Maildir within ${timeoutMs} ms, found ${mails.length}\n${tail(mta.logText(), 15)}`,
					);
				}
				await sleep(100);
			}
		},
		async queue() {
			const result = await mustRun(binary('postqueue'), ['-c', l.config, '-j'], 'postqueue -j');
			return result.stdout
				.split('\n')
				.filter((line) => line.trim())
				.map((line) => JSON.parse(line) as Record<string, unknown>);
		},
		async stop() {
			process.off('exit', stopOnExit);
			const problems = await stopDaemons(l);
			if (process.env[KEEP_MTA_ENV] !== '1') await rm(dir, { recursive: true, force: true });
			if (problems.length > 0) throw new Error(`Real MTA did not stop cleanly: ${problems.join('; ')}`);
		},
	};

	// The readiness checks above are connections too: start counting after them.
	await mta.settle(0, 3_000);
	phase('log settled');
	startMark = mta.mark();
	startupMs = Date.now() - started;
	return mta;
}
