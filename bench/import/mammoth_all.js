// Converts every .docx in a folder to HTML with mammoth, in one process: node mammoth_all.js IN OUT
const fs = require("fs");
const path = require("path");
const mammoth = require("mammoth");

async function main() {
  const [input, output] = process.argv.slice(2);
  fs.mkdirSync(output, { recursive: true });
  for (const name of fs.readdirSync(input).filter((n) => n.endsWith(".docx")).sort()) {
    const result = await mammoth.convertToHtml({ path: path.join(input, name) });
    fs.writeFileSync(path.join(output, name.replace(/\.docx$/, ".html")), result.value);
  }
}
main().catch((err) => { console.error(err); process.exit(1); });
