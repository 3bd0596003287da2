// Renders the report's math at build time and inlines KaTeX's style, so the page needs neither
// a script nor the network to show it:
//   node katex_inline.js IN.html OUT.html katex.js katex.min.css FONT.woff2...
// IN.html marks each formula as <span class="math">TeX, HTML-escaped</span> (render_report).
// katex.js, katex.min.css and the fonts are Debian's (libjs-katex).
// Only the WOFF2 fonts are inlined, as data: URIs: every browser that runs KaTeX's CSS reads
// WOFF2, and the WOFF and TrueType copies would triple the size.
'use strict';
const fs = require('fs');
const path = require('path');

const [input, output, katexJs, katexCss, ...fontFiles] = process.argv.slice(2);
if (fontFiles.length === 0) {
  console.error('usage: node katex_inline.js IN.html OUT.html katex.js katex.min.css FONT...');
  process.exit(2);
}
const katex = require(path.resolve(katexJs));
const fonts = new Map(fontFiles.map((file) => [path.basename(file), file]));

const entities = {'&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'"};
const unescape = (html) => html.replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e]);

let html = fs.readFileSync(input, 'utf8');
let formulas = 0;
html = html.replace(/<span class="math">([^<]*)<\/span>/g, (whole, escaped) => {
  const tex = unescape(escaped);
  try {
    ++formulas;
    return katex.renderToString(tex, {throwOnError: true, displayMode: false, output: 'html'});
  } catch (error) {
    console.error(`${input}: cannot render the TeX "${tex}": ${error.message}`);
    process.exit(1);
  }
});

let css = fs.readFileSync(katexCss, 'utf8');
// src:url(fonts/X.woff2) format('woff2'),url(fonts/X.woff) format('woff'),url(...ttf)...
css = css.replace(/,url\(fonts\/[^)]+\.(woff|ttf)\) format\(['"][a-z]+['"]\)/g, '');
css = css.replace(/url\(fonts\/([^)]+\.woff2)\)/g, (whole, file) => {
  if (!fonts.has(file)) {
    console.error(`${katexCss}: the font ${file} is not among the fonts given`);
    process.exit(1);
  }
  const font = fs.readFileSync(fonts.get(file)).toString('base64');
  return `url(data:font/woff2;base64,${font})`;
});
if (/url\((?!data:)/.test(css)) {
  console.error(`${katexCss}: a url() is left that is not inlined`);
  process.exit(1);
}
if (!html.includes('</head>')) {
  console.error(`${input}: no </head> to put KaTeX's style before`);
  process.exit(1);
}
html = html.replace('</head>', () => `<style>\n${css}\n</style>\n</head>`);
fs.writeFileSync(output, html);
console.log(`${output}: ${formulas} formulas, ${html.length} characters`);
