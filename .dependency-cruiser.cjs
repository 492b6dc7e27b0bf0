// The import rules of the package, checked by `npm run lint` (depcruise). Imports run one way:
//   shared/ ← model/ ← alert/, mail/, render/ ← policy/, throttle/, groupWindow/, sharedState/, smtp/ ← pipeline/, output/
//   ← execute.ts, methods/, description/, AlertEmail.node.ts;  credentials/ → smtp/ data only.
// alert/, mail/ and render/ never import each other; smtp/ never imports credentials/.
const NODE = '^nodes/AlertEmail/';
const folder = (name) => `${NODE}${name}/`;
const ABOVE_DOMAIN = `${NODE}(policy|throttle|smtp|groupWindow|sharedState|pipeline|output|description|methods)/|${NODE}(execute|AlertEmail\\.node)\\.ts$`;
const ABOVE_SERVICES = `${NODE}(pipeline|output|description|methods)/|${NODE}(execute|AlertEmail\\.node)\\.ts$`;

const domainRule = (name, others) => ({
	name: `${name}-stays-in-its-layer`,
	comment: `${name}/ may use shared/ and model/ only, not ${others.join('/, ')}/ or anything above`,
	severity: 'error',
	from: { path: folder(name) },
	to: { path: [...others.map(folder), ABOVE_DOMAIN] },
});

module.exports = {
	forbidden: [
		{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
		{
			name: 'shared-is-neutral',
			comment: 'shared/ holds helpers every folder may use; it imports nothing else of the package',
			severity: 'error',
			from: { path: folder('shared') },
			to: { path: NODE, pathNot: folder('shared') },
		},
		{
			name: 'model-holds-types-only',
			comment: 'model/ is the data passed along; it depends on nothing but shared/',
			severity: 'error',
			from: { path: folder('model') },
			to: { path: NODE, pathNot: [folder('shared'), folder('model')] },
		},
		domainRule('alert', ['mail', 'render']),
		domainRule('mail', ['alert', 'render']),
		domainRule('render', ['alert', 'mail']),
		{
			name: 'services-do-not-reach-up',
			comment: 'policy/, throttle/, groupWindow/ and smtp/ never import the pipeline, the outputs or the node',
			severity: 'error',
			from: { path: `${NODE}(policy|throttle|smtp|groupWindow|sharedState)/` },
			to: { path: ABOVE_SERVICES },
		},
		{
			name: 'smtp-without-credentials',
			comment: 'the credential file holds only the dialog; smtp/ owns the runtime type',
			severity: 'error',
			from: { path: folder('smtp') },
			to: { path: '^credentials/' },
		},
		{
			name: 'credentials-use-smtp-data-only',
			comment: 'the credential dialog is built from smtp/ data and helpers, nothing else of the node',
			severity: 'error',
			from: { path: '^credentials/' },
			to: { path: NODE, pathNot: folder('smtp') },
		},
		{
			name: 'one-module-imports-ioredis',
			comment: 'sharedState/redisClient.ts is the only module that talks to Redis',
			severity: 'error',
			from: { path: '^(nodes|credentials)/', pathNot: `${NODE}sharedState/redisClient\\.ts$` },
			to: { path: 'node_modules/ioredis/' },
		},
		{
			name: 'one-module-imports-nodemailer',
			comment: 'smtp/transport.ts is the only module that talks to nodemailer',
			severity: 'error',
			from: { path: '^(nodes|credentials)/', pathNot: `${NODE}smtp/transport\\.ts$` },
			to: { path: 'node_modules/nodemailer/' },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsPreCompilationDeps: true,
		tsConfig: { fileName: 'tsconfig.json' },
		exclude: { path: '^(dist|test|bench|scripts)/' },
	},
};
