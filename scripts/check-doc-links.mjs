/**
 * `node scripts/check-doc-links.mjs`: every relative link and image in README.md and docs/**.md
 * must name a file that exists, and an anchor (#…) must name a heading of that file (GitHub's
 * slugs: lower case, punctuation dropped, spaces to dashes). Prints each broken one; exits 1 if any.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const files = ["README.md", ...walk("docs")].filter((file) => file.endsWith(".md"));
const slugsOf = new Map();
let broken = 0;

for (const file of files) {
  const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
  for (const match of text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = match[1];
    if (/^[a-z]+:/i.test(target)) continue;
    const [place, anchor] = target.split("#");
    const resolved = place ? path.normalize(path.join(path.dirname(file), place)) : file;
    if (!existsSync(resolved)) {
      report(file, target, "no such file");
    } else if (anchor !== undefined && !statSync(resolved).isDirectory() && !slugs(resolved).has(anchor)) {
      report(file, target, "no such heading");
    }
  }
}
console.log(`${files.length} files checked, ${broken} broken link(s).`);
process.exit(broken ? 1 : 0);

function report(file, target, why) {
  broken++;
  console.log(`${file}: ${target} (${why})`);
}

function slugs(file) {
  if (!slugsOf.has(file)) {
    const seen = new Map();
    const set = new Set();
    const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
    for (const [, heading] of text.matchAll(/^#{1,6}\s+(.+)$/gm)) {
      const base = heading
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-");
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      set.add(count ? `${base}-${count}` : base);
    }
    slugsOf.set(file, set);
  }
  return slugsOf.get(file);
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}
