import {
	isOpenFailure,
	isStaleLinkError,
	LinkPool,
	PoolClosedError,
	STALE_LINK,
	waitedForOpen,
} from '../../../nodes/AlertEmail/smtp/linkPool';
import type { SmtpLink } from '../../../nodes/AlertEmail/smtp/linkPool';

/** A link whose life the test drives: it records what the pool asked of it. */
class FakeLink implements SmtpLink {
	static opened = 0;
	readonly id = ++FakeLink.opened;
	alive = false;
	quits = 0;
	private readonly listeners: Array<() => void> = [];
	constructor(private readonly failOpen?: Error) {}
	async open() {
		if (this.failOpen) throw this.failOpen;
		this.alive = true;
	}
	async quit() {
		this.quits++;
		this.die();
	}
	onClosed(listener: () => void) {
		this.listeners.push(listener);
	}
	/** The server or the network ended it. */
	die() {
		this.alive = false;
		for (const listener of this.listeners.splice(0)) listener();
	}
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('LinkPool', () => {
	beforeEach(() => {
		FakeLink.opened = 0;
	});

	it('opens links on demand up to the limit and reuses them', async () => {
		const created: FakeLink[] = [];
		const pool = new LinkPool(() => {
			const link = new FakeLink();
			created.push(link);
			return link;
		}, 2);
		const used: number[] = [];
		await Promise.all(Array.from({ length: 6 }, () => pool.run(async (link) => used.push(link.id))));
		expect(created).toHaveLength(2);
		expect(new Set(used)).toEqual(new Set([1, 2]));
		expect(pool.isIdle).toBe(true);
		await pool.close();
		expect(created.map((link) => link.quits)).toEqual([1, 1]);
	});

	it('runs a task again on another link when one had gone stale, a bounded number of times', async () => {
		const pool = new LinkPool(() => new FakeLink(), 1);
		await pool.run(async () => 'warm');
		let attempts = 0;
		const result = await pool.run(async (link) => {
			attempts++;
			if (link.id === 1) {
				link.die();
				throw Object.assign(new Error('Connection closed'), { [STALE_LINK]: true });
			}
			return link.id;
		});
		expect(result).toBe(2);
		expect(attempts).toBe(2);

		// A server that closes every connection before the mail: the task gives up, having tried a few links.
		let tries = 0;
		const hopeless = new LinkPool(() => new FakeLink(), 1);
		await expect(
			hopeless.run(async (link) => {
				tries++;
				link.die();
				throw Object.assign(new Error('Connection closed'), { [STALE_LINK]: true });
			}),
		).rejects.toThrow('Connection closed');
		expect(tries).toBe(12);
	});

	it('keeps a link that is still alive after a failed task, and replaces a dead one for the next waiter', async () => {
		const pool = new LinkPool(() => new FakeLink(), 1);
		await expect(pool.run(async () => Promise.reject(new Error('550 refused')))).rejects.toThrow('550');
		expect(await pool.run(async (link) => link.id)).toBe(1);
		await expect(
			pool.run(async (link) => {
				link.die();
				throw new Error('reset');
			}),
		).rejects.toThrow('reset');
		expect(await pool.run(async (link) => link.id)).toBe(2);
	});

	it('a waiting task gets a new link when a busy one dies', async () => {
		const pool = new LinkPool(() => new FakeLink(), 1);
		let release!: () => void;
		const first = pool.run(
			(link) =>
				new Promise<number>((resolve) => {
					release = () => {
						link.die();
						resolve(link.id);
					};
				}),
		);
		await tick();
		const second = pool.run(async (link) => link.id);
		release();
		expect(await first).toBe(1);
		expect(await second).toBe(2);
	});

	it('an open that fails reaches its task and frees the slot', async () => {
		let fail = true;
		const pool = new LinkPool(() => new FakeLink(fail ? Object.assign(new Error('535 login fail'), { code: 'EAUTH' }) : undefined), 1);
		await expect(pool.run(async () => 'never')).rejects.toThrow('535');
		expect(pool.size).toBe(0);
		fail = false;
		expect(await pool.run(async () => 'sent')).toBe('sent');
	});

	it('quits idle links after the idle timeout', async () => {
		const links: FakeLink[] = [];
		const pool = new LinkPool(
			() => {
				const link = new FakeLink();
				links.push(link);
				return link;
			},
			1,
			20,
		);
		await pool.run(async () => undefined);
		expect(links[0].alive).toBe(true);
		await new Promise((resolve) => setTimeout(resolve, 60));
		expect(links[0].quits).toBe(1);
		expect(pool.size).toBe(0);
	});

	it('close refuses waiting tasks and quits a busy link once its task ends', async () => {
		const pool = new LinkPool(() => new FakeLink(), 1);
		let finish!: () => void;
		let busy: FakeLink | undefined;
		const running = pool.run(
			(link) =>
				new Promise<void>((resolve) => {
					busy = link;
					finish = resolve;
				}),
		);
		await tick();
		const waiting = pool.run(async () => 'never');
		await pool.close();
		await expect(waiting).rejects.toBeInstanceOf(PoolClosedError);
		expect(busy?.quits).toBe(0);
		finish();
		await running;
		expect(busy?.quits).toBe(1);
		await expect(pool.run(async () => 'after')).rejects.toBeInstanceOf(PoolClosedError);
	});

	it('tells stale-link errors apart', () => {
		expect(isStaleLinkError(Object.assign(new Error('x'), { [STALE_LINK]: true }))).toBe(true);
		expect(isStaleLinkError(new Error('x'))).toBe(false);
		expect(isStaleLinkError('x')).toBe(false);
	});
});

describe('LinkPool before the first login worked', () => {
	it('opens one link at a time until one has opened, then up to the limit', async () => {
		let opening = 0;
		let most = 0;
		const pool = new LinkPool(
			() =>
				Object.assign(new FakeLink(), {
					async open(this: FakeLink) {
						opening++;
						most = Math.max(most, opening);
						await tick();
						opening--;
						this.alive = true;
					},
				}),
			3,
		);
		const seen: number[] = [];
		await Promise.all(Array.from({ length: 9 }, () => pool.run(async (link) => void seen.push(link.id))));
		expect(new Set(seen).size).toBe(3);
		// The first open ran alone; the two after it opened together.
		expect(most).toBe(2);
	});

	it('an open that fails and ends its link before rejecting (a connection error) lets the next waiting task open a link', async () => {
		let attempt = 0;
		const pool = new LinkPool(
			() =>
				Object.assign(new FakeLink(), {
					async open(this: FakeLink) {
						await tick();
						if (++attempt === 1) {
							// As a link does when its socket could not be opened: it ends, then its open rejects.
							this.die();
							throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' });
						}
						this.alive = true;
					},
				}),
			2,
		);
		const results = await Promise.allSettled(Array.from({ length: 3 }, () => pool.run(async (link) => link.id)));
		expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
	}, 5_000);

	it('a refused login fails every waiting task at once with it, marked as waited for, without more logins', async () => {
		let opens = 0;
		const refused = Object.assign(new Error('535 login fail'), { code: 'EAUTH' });
		const pool = new LinkPool(
			() =>
				Object.assign(new FakeLink(), {
					async open() {
						opens++;
						await tick();
						throw refused;
					},
				}),
			2,
			undefined,
			(error) => (error as { code?: string }).code === 'EAUTH',
		);
		const results = await Promise.allSettled(Array.from({ length: 20 }, () => pool.run(async () => 'sent')));
		expect(opens).toBe(1);
		const reasons = results.map((result) => (result.status === 'rejected' ? result.reason : undefined));
		expect(reasons.every((reason) => reason instanceof Error && reason.message === '535 login fail' && isOpenFailure(reason))).toBe(true);
		expect(reasons.filter(waitedForOpen)).toHaveLength(19);
	});
});
