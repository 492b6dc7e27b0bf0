// Flat config: eslint-plugin-n8n-nodes-base ships legacy rule sets, so their rules are spread in here.
import js from '@eslint/js';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import jsoncParser from 'jsonc-eslint-parser';
import tseslint from 'typescript-eslint';

const n8n = n8nNodesBase.configs;

export default tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.js', '**/*.mjs', '!scripts/**/*.mjs', 'bench/results/**'] },
	{
		files: ['package.json'],
		languageOptions: { parser: jsoncParser },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8n.community.rules,
	},
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
	},
	{
		// scripts/: JavaScript typed by JSDoc, which `npm run typecheck` checks (undefined names too).
		files: ['scripts/**/*.cjs', 'scripts/**/*.mjs'],
		extends: [js.configs.recommended],
		rules: { 'no-undef': 'off' },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8n.credentials.rules,
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: n8n.nodes.rules,
	},
);
