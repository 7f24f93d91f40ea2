// The licenses of what esbuild put into the editor bundle (its metafile names the inputs),
// written next to the bundle: app/desk/static/vendor/editor-LICENSES.txt.
import { readFileSync, writeFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

const meta = JSON.parse(readFileSync("meta.json", "utf8"));
const packages = new Set();
for (const input of Object.keys(meta.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.add(match[1]);
}
const parts = ["The desk's editor bundle (editor.js) holds these packages, under these licenses.\n"];
for (const name of [...packages].sort()) {
  const folder = join("node_modules", name);
  const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  const file = readdirSync(folder).find((f) => /^licen[cs]e/i.test(f));
  parts.push(`\n== ${name}@${manifest.version} (${manifest.license}) ==\n`);
  if (file && existsSync(join(folder, file))) parts.push(readFileSync(join(folder, file), "utf8").trim() + "\n");
}
writeFileSync("../static/vendor/editor-LICENSES.txt", parts.join(""));
