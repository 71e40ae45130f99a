const { src, dest } = require('gulp');

// tsc emits only JavaScript; n8n loads each node's and credential's light/dark SVG from beside its .js file.
function copyIcons() {
	return src(['nodes/**/*.svg', 'credentials/**/*.svg'], { base: '.', encoding: false }).pipe(dest('dist'));
}

exports['build:icons'] = copyIcons;
