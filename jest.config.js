// Three tiers: pure units, integration (real SMTP servers, proxies and n8n-core's engine), and e2e (a real n8n).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json' }];
const common = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest } };

module.exports = {
	projects: [
		{ ...common, displayName: 'unit', roots: ['<rootDir>/test/unit'] },
		{ ...common, displayName: 'integration', roots: ['<rootDir>/test/integration'], testTimeout: 30000 },
		{ ...common, displayName: 'e2e', roots: ['<rootDir>/test/e2e'], testTimeout: 300000 },
	],
};
