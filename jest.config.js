// Three tiers: pure units, integration (real SMTP servers, proxies and n8n-core's engine), and e2e (a real n8n).
// testTimeout is global in Jest (a project's own is ignored): 30 s covers the integration tier;
// the e2e files raise it themselves for the first, installing run.
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
const common = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest } };

module.exports = {
	testTimeout: 30000,
	projects: [
		{ ...common, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
		{ ...common, displayName: 'integration', roots: ['<rootDir>/test/integration'] },
		{ ...common, displayName: 'e2e', roots: ['<rootDir>/test/e2e'] },
		{ ...common, displayName: 'mta', roots: ['<rootDir>/test/mta'] },
	],
};
