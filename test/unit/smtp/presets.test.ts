import { readFileSync } from 'node:fs';
import path from 'node:path';

import { SmtpAlertApi } from '../../../credentials/SmtpAlertApi.credentials';
import { PROVIDER_PRESETS } from '../../../nodes/AlertEmail/smtp/presets';
import type { SecurityMode } from '../../../nodes/AlertEmail/smtp/presets';

const MODES: SecurityMode[] = ['ssl', 'starttls', 'none'];
const providersDoc = readFileSync(path.resolve(__dirname, '../../../README.md'), 'utf8');

describe('provider presets', () => {
	it.each(PROVIDER_PRESETS.map((preset) => [preset.id, preset] as const))('%s is complete and sourced', (_id, preset) => {
		expect(preset.sources.length).toBeGreaterThan(0);
		expect(preset.authHelp.length).toBeGreaterThan(20);
		expect(preset.ports[preset.recommendedSecurity]).toBeDefined();
		// It stands in for the default Security where the provider lacks it: it must encrypt too.
		expect(preset.recommendedSecurity).not.toBe('none');
		for (const mode of MODES) {
			const port = preset.ports[mode];
			if (port !== undefined) expect(Number.isInteger(port) && port > 0 && port < 65536).toBe(true);
		}
		if (preset.id !== 'custom') expect(preset.host).toMatch(/^smtp\.[a-z0-9.-]+$/);
	});

	it('the README shows every preset with its host and the port of each mode it serves', () => {
		for (const preset of PROVIDER_PRESETS) {
			const row = providersDoc.split('\n').find((line) => line.includes(`(\`${preset.id}\`)`));
			expect(row ?? `no row for ${preset.id}`).toContain(preset.id === 'custom' ? 'Host field' : `| ${preset.host} |`);
			const cells = (row ?? '').split('|').map((cell) => cell.trim());
			// | provider | host | ssl | starttls | none | help |
			MODES.forEach((mode, index) => {
				const port = preset.ports[mode];
				expect(`${preset.id} ${mode}: ${cells[3 + index]}`).toMatch(port === undefined ? / –$/ : new RegExp(` ${port}\\b`));
			});
		}
	});

	it('the credential shows where to get the code only for the chosen provider', () => {
		const notices = new SmtpAlertApi().properties.filter((property) => property.type === 'notice');
		for (const preset of PROVIDER_PRESETS) {
			const notice = notices.find((property) => property.displayOptions?.show?.provider?.includes(preset.id));
			expect(notice?.displayName).toContain(preset.authHelp);
		}
		const host = new SmtpAlertApi().properties.find((property) => property.name === 'host');
		expect(host?.displayOptions?.show?.provider).toEqual(['custom']);
	});
});
