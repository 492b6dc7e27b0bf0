// Copies what tsc does not: node icons and codex files, next to the compiled node in dist/.
const { src, dest, task } = require('gulp');
const { finished } = require('node:stream/promises');

const assets = ['nodes/**/*.{png,svg,json}', 'credentials/**/*.{png,svg}'];

task('build:assets', async () => {
	// Await every stream: gulp would otherwise report done before the files are written.
	await Promise.all(assets.map((glob) => finished(src(glob, { base: '.', encoding: false }).pipe(dest('dist')))));
});
