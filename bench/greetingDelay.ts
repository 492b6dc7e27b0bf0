/**
 * smtp-server greets every new connection only after 100 ms (early-talker detection). That delay
 * is the server's, not the client's, and would dominate a per-connection client's figures; the
 * benchmark turns it off to measure the clients. Patches the bench server's process only.
 */
interface ConnectionPrototype {
	init(this: ConnectionInternals): void;
}
interface ConnectionInternals {
	_server: { options: { maxClients?: number }; connections: Set<unknown> };
	name: string;
	_setListeners(callback: () => void): void;
	connectionReady(): void;
	send(code: number, message: string, keepOpen: boolean): void;
}

export function greetWithoutDelay(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- internal module of smtp-server, not typed
	const { SMTPConnection } = require('smtp-server/lib/smtp-connection') as { SMTPConnection: { prototype: ConnectionPrototype } };
	SMTPConnection.prototype.init = function init(this: ConnectionInternals) {
		this._setListeners(() => {
			const { maxClients } = this._server.options;
			if (maxClients && this._server.connections.size > maxClients) {
				return this.send(421, `${this.name} Too many connected clients, try again in a moment`, false);
			}
			this.connectionReady();
		});
	};
}
