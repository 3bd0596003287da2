// Opens an HTML page in headless Chromium over the DevTools protocol (on a pipe: no port, no
// network) and checks what a reader would see:
//   node report_browser_check.js PAGE.html [--screenshot=OUT.png] [--pdf=NAME:W:H:OUT.pdf]...
//       [--max_pages=N] [--figure_page=ALT:P]
// Checks, each reported by name: no console error or uncaught exception; nothing wider than a
// 1200 px viewport; every <img> loaded; the math rendered by KaTeX and no raw $...$ left; the
// claim-ledger table before the first figure. --pdf prints the page (W x H inches, Chromium's
// default margins, as `chromium --print-to-pdf` prints) and checks each print ("print-NAME")
// with poppler-utils: at most N pages (pdfinfo), and the image of <img alt="ALT"> on page P or
// earlier (pdfimages -list gives each image's page). Exits 1 if any check fails.
'use strict';
const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const kWidth = 1200;
const kHeight = 900;

const args = process.argv.slice(2);
const page = args.find((a) => !a.startsWith('--'));
// The value of --NAME=VALUE, or '' when it is not given.
const flag = (name) => (args.find((a) => a.startsWith(`--${name}=`)) || '').slice(name.length + 3);
const screenshot = flag('screenshot');
const pdfs = args.filter((a) => a.startsWith('--pdf=')).map((a) => a.slice(6).split(':'));
const maxPages = Number(flag('max_pages')) || Infinity;
const [figureAlt, figureMaxPage] = flag('figure_page').split(':');
if (!page || !fs.existsSync(page)) {
  console.error(`usage: node report_browser_check.js PAGE.html [--screenshot=OUT.png]; ` +
                `no page at '${page}'`);
  process.exit(2);
}

// Chromium refuses its sandbox as root (CI containers); headless needs no GPU.
const profile = fs.mkdtempSync(path.join(process.env.TEST_TMPDIR || os.tmpdir(), 'chromium-'));
const browser = childProcess.spawn(process.env.CHROMIUM || 'chromium', [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--remote-debugging-pipe', `--user-data-dir=${profile}`, '--no-first-run',
  '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
  '--disable-sync',
  '--disable-component-update', '--mute-audio', `--window-size=${kWidth},${kHeight}`,
], {stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe']});
let browserLog = '';
browser.stderr.on('data', (chunk) => { browserLog += chunk; });
browser.on('error', (error) => fail(`cannot start Chromium: ${error.message}`));

function fail(message) {
  console.error(`FAIL: ${message}`);
  if (browserLog) console.error(`Chromium's log:\n${browserLog.slice(-2000)}`);
  browser.kill();
  process.exit(1);
}
const timer = setTimeout(() => fail('Chromium did not finish in 60 s'), 60000);

// The protocol on a pipe: JSON messages, each ended by a NUL byte; fd 3 to Chromium, fd 4 back.
const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
let nextId = 1;
const pending = new Map();
const listeners = [];
let buffer = '';
fromBrowser.on('data', (chunk) => {
  buffer += chunk.toString('utf8');
  let end;
  while ((end = buffer.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffer.slice(0, end));
    buffer = buffer.slice(end + 1);
    if (message.id && pending.has(message.id)) {
      const {resolve, reject, method} = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(`${method}: ${message.error.message}`));
      else resolve(message.result);
    } else if (message.method) {
      for (const listener of listeners) listener(message);
    }
  }
});

function send(method, params = {}, sessionId = undefined) {
  const id = nextId++;
  toBrowser.write(JSON.stringify({id, method, params, sessionId}) + '\0');
  return new Promise((resolve, reject) => pending.set(id, {resolve, reject, method}));
}

// A printed PDF as poppler-utils reads it: its page count (pdfinfo) and, in the order they are
// drawn, its images with their page and size in pixels (pdfimages -list; soft masks left out).
function printedLayout(pdf) {
  const run = (tool) => childProcess.execFileSync(tool, tool === 'pdfinfo' ? [pdf] : ['-list', pdf],
                                                  {encoding: 'utf8'});
  const pages = Number((run('pdfinfo').match(/^Pages:\s+(\d+)/m) || [])[1]);
  // "page num type width height color ...", under two header lines.
  const images = run('pdfimages').split('\n').slice(2).map((line) => line.trim().split(/\s+/))
      .filter((f) => f[2] === 'image')
      .map(([page, , , width, height]) => ({page: Number(page), width: Number(width),
                                             height: Number(height)}));
  return {pages, images};
}

// What is wrong with a print of the page: more than `maxPages` pages, or the image of
// <img alt="ALT"> (`images`: the page's <img>s in document order, with their natural sizes)
// after page `maxPage`. The image is found in the PDF by its size in pixels, the k-th of the
// page's images of that size being the k-th of the PDF's.
function printProblems(layout, images, maxPages, alt, maxPage) {
  const problems = [];
  if (!(layout.pages <= maxPages)) problems.push(`${layout.pages} pages (at most ${maxPages})`);
  if (!alt) return problems.join('; ');
  const index = images.findIndex((i) => i.alt === alt);
  if (index < 0) return problems.concat(`no <img alt="${alt}"> on the page`).join('; ');
  const {width, height} = images[index];
  const sameSize = (i) => i.width === width && i.height === height;
  const rank = images.slice(0, index).filter(sameSize).length;
  const printed = layout.images.filter(sameSize)[rank];
  if (!printed) {
    problems.push(`the image of <img alt="${alt}"> (${width} x ${height} px) is not in the PDF`);
  } else if (!(printed.page <= Number(maxPage))) {
    problems.push(`the image of <img alt="${alt}"> is on page ${printed.page} ` +
                  `(at most ${maxPage})`);
  }
  return problems.join('; ');
}

// Runs in the page: every check's findings, as plain data.
function inspect(width) {
  const problems = {};
  const wide = [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > width + 0.5)
      .slice(0, 5)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}"> to ` +
                  `${Math.round(e.getBoundingClientRect().right)} px`);
  problems.width = document.documentElement.scrollWidth > width ?
      `document is ${document.documentElement.scrollWidth} px wide (viewport ${width}): ` +
      wide.join('; ') : '';
  const images = [...document.images];
  const broken = images.filter((i) => !i.complete || i.naturalWidth === 0);
  problems.images = images.length === 0 ? 'no <img> on the page' :
      broken.length ? `${broken.length} of ${images.length} images did not load: ` +
                      broken.map((i) => i.alt || i.src.slice(0, 40)).join(', ') : '';
  const katex = document.querySelectorAll('.katex').length;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const raw = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('.katex, pre, script, style')) continue;
    const match = node.textContent.match(/\$[^$]+\$/);
    if (match) raw.push(match[0].slice(0, 60));
  }
  const unrendered = document.querySelectorAll('span.math:not(:has(.katex))').length;
  problems.math = [
    katex === 0 ? 'no KaTeX element on the page' : '',
    raw.length ? `raw TeX left: ${raw.slice(0, 3).join(' | ')}` : '',
    unrendered ? `${unrendered} math spans without KaTeX output` : '',
  ].filter(Boolean).join('; ');
  const ledger = document.querySelector('#sec-claim-ledger');
  const ledgerTable = ledger && [...document.querySelectorAll('table')].find(
      (t) => ledger.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
  const figure = document.querySelector('figure, img');
  problems.order = !ledgerTable ? 'no claim-ledger table (after #sec-claim-ledger)' :
      figure && !(ledgerTable.compareDocumentPosition(figure) &
                  Node.DOCUMENT_POSITION_FOLLOWING) ?
      'a figure comes before the claim-ledger table' : '';
  return {problems, katex, images: images.map(
      (i) => ({alt: i.alt, width: i.naturalWidth, height: i.naturalHeight}))};
}

async function main() {
  const {targetId} = await send('Target.createTarget', {url: 'about:blank'});
  const {sessionId} = await send('Target.attachToTarget', {targetId, flatten: true});
  const errors = [];
  let loaded;
  const load = new Promise((resolve) => { loaded = resolve; });
  listeners.push((m) => {
    if (m.sessionId !== sessionId) return;
    if (m.method === 'Page.loadEventFired') loaded();
    if (m.method === 'Runtime.exceptionThrown') {
      errors.push(`uncaught: ${m.params.exceptionDetails.exception?.description ||
                               m.params.exceptionDetails.text}`);
    }
    if (m.method === 'Runtime.consoleAPICalled' &&
        ['error', 'assert'].includes(m.params.type)) {
      errors.push(`console.${m.params.type}: ` +
                  m.params.args.map((a) => a.value ?? a.description).join(' '));
    }
    if (m.method === 'Log.entryAdded' && m.params.entry.level === 'error') {
      errors.push(`${m.params.entry.source}: ${m.params.entry.text} ${m.params.entry.url || ''}`);
    }
  });
  const call = (method, params) => send(method, params, sessionId);
  await call('Page.enable');
  await call('Runtime.enable');
  await call('Log.enable');
  await call('Emulation.setDeviceMetricsOverride',
             {width: kWidth, height: kHeight, deviceScaleFactor: 1, mobile: false});
  await call('Page.navigate', {url: 'file://' + path.resolve(page)});
  await load;
  await call('Runtime.evaluate', {expression: 'document.fonts.ready', awaitPromise: true});
  const {result, exceptionDetails} = await call('Runtime.evaluate', {
    expression: `(${inspect})(${kWidth})`, returnByValue: true});
  if (exceptionDetails) fail(`the checks threw: ${exceptionDetails.text}`);
  const {problems, katex, images} = result.value;
  problems.console = errors.join('; ');

  if (screenshot) {
    const {data} = await call('Page.captureScreenshot', {format: 'png'});
    fs.writeFileSync(screenshot, Buffer.from(data, 'base64'));
  }
  for (const [name, width, height, out] of pdfs) {
    await call('Emulation.clearDeviceMetricsOverride');
    const {data} = await call('Page.printToPDF',
                              {paperWidth: Number(width), paperHeight: Number(height)});
    fs.writeFileSync(out, Buffer.from(data, 'base64'));
    let layout;
    try {
      layout = printedLayout(out);
    } catch (error) {
      problems[`print-${name}`] = `cannot read the PDF with poppler-utils (pdfinfo, pdfimages; ` +
                                  `tools/setup.sh installs them): ${error.message}`;
      continue;
    }
    problems[`print-${name}`] = printProblems(layout, images, maxPages, figureAlt, figureMaxPage);
    const figure = figureAlt ? `, <img alt="${figureAlt}"> checked` : '';
    console.log(`printed ${name} (${width} x ${height} in): ${layout.pages} pages, ` +
                `${layout.images.length} images${figure}; ${out}`);
  }

  let failed = false;
  for (const [check, problem] of Object.entries(problems)) {
    console.log(`${problem ? 'FAIL' : 'ok  '} ${check}${problem ? ': ' + problem : ''}`);
    failed = failed || Boolean(problem);
  }
  console.log(`${path.basename(page)}: ${images.length} images, ${katex} KaTeX formulas`);
  clearTimeout(timer);
  await send('Browser.close').catch(() => {});
  process.exit(failed ? 1 : 0);
}

main().catch((error) => fail(error.message));
