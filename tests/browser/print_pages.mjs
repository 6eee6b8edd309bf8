#!/usr/bin/env node
// Usage: node tests/browser/print_pages.mjs URL OUT.pdf [URL OUT.pdf ...]
//
// Prints each URL as Chromium's print dialog would save it as PDF: print media, the page's own
// @page rules (the theme's A4), backgrounds on. Writes OUT.pdf and prints one JSON line per URL
// {"url","out","pages","bytes"}; what falls on which page is read from the PDF by the caller.
// Exit status: 0 when every URL printed, 1 otherwise, 2 on a usage error.

import { writeFileSync } from 'node:fs';
import { launchBrowser, newCheckedPage, gotoChecked } from './lib.mjs';

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error('usage: node print_pages.mjs URL OUT.pdf [URL OUT.pdf ...]');
  process.exit(2);
}

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Pages` tree nodes). */
function countPages(pdf) {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) || []).length;
}

let status = 0;
const { context, close } = await launchBrowser();
try {
  for (let i = 0; i < args.length; i += 2) {
    const [url, out] = [args[i], args[i + 1]];
    const { page } = await newCheckedPage(context);
    try {
      await gotoChecked(page, url);
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
      writeFileSync(out, pdf);
      console.log(JSON.stringify({ url, out, pages: countPages(pdf), bytes: pdf.length }));
    } catch (e) {
      status = 1;
      console.log(JSON.stringify({ url, out, error: String(e && e.message ? e.message : e).split('\n')[0] }));
    }
    await page.close();
  }
} finally {
  await close();
}
process.exit(status);
