import type { DeliveryClock } from '../../../nodes/AlertEmail/smtp/deliveryClock';

/** A clock whose sleeps return at once and move time forward; it remembers every sleep. */
export class FakeClock implements DeliveryClock {
	time = 0;
	readonly sleeps: number[] = [];
	constructor(private readonly chance = 0.5) {}
	now = () => this.time;
	random = () => this.chance;
	sleep = async (ms: number) => {
		this.sleeps.push(ms);
		this.time += ms;
	};
}
