/**
 * The repository stands on its own: every requirement id cited anywhere (SID-05, CK-09, T37,
 * "stores §12.6", E8, …) is defined in docs/requirements.md, every file that document names as
 * proof exists, and no file points at a path outside the repository (a machine path or the
 * background notes the ids were first written in).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DOC = 'docs/requirements.md';

/** Never scanned: dependencies, git internals, scratch space, build output. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.tmp', 'dist']);
/** Where ids are cited (the brief of the check: code, tests, docs, demo, bench, scripts, README). */
const CITING = (file: string) => /^(src|test|docs|demo|bench|scripts)\//.test(file) || file === 'README.md';

/** The requirement families; audit finding names such as "audit L4" or "M1" are not among them. */
const FAMILY = 'SID|CK|LC|TO|TM|ST|KR|IN|DET|STO|CSRF|OT|TEN|FL|ACT';
const ID = new RegExp(`\\b(?:${FAMILY})-[0-9]{2}\\b`, 'g');
const BATTERY = /\bT[0-9]{2}\b/g;
/** Store failure cases E1–E9 ("E8:"), but not percent-escapes ("%E1") or hex ("0xE1"). */
const FAILURE_CASE = /(?<![%\w])E[1-9](?![\w%])/g;
/** "stores §12.6", "stores.md §12.6", "security.md §6.2". */
const SECTION = /\b(security|stores)(?:\.md)?\s+§\s?([0-9]+(?:\.[0-9]+)*)/g;
/** Ranges and lists that name ids without spelling each: ST-01…ST-06, IN-01..04, T23–T29, CK-02/03/05. */
const ID_RANGE = new RegExp(`\\b(${FAMILY})-([0-9]{2})\\s*(?:–|\\.\\.|…)\\s*(?:\\1-)?([0-9]{2})\\b`, 'g');
const BATTERY_RANGE = /\bT([0-9]{2})\s*(?:–|\.\.|…)\s*T?([0-9]{2})\b/g;
const ID_LIST = new RegExp(`\\b(${FAMILY})-([0-9]{2})((?:/[0-9]{2}\\b)+)`, 'g');

/** Strings that must not appear in any file: built here so this file does not contain them. */
const OUTSIDE = [['', 'work', ''].join('/'), ['shared', 'spec'].join('/'), ['..', 'shared'].join('/')];
/**
 * Known pointers outside the repository in files this check's change could not edit. Each entry
 * must still be present (a stale entry fails, so it is removed once the file is fixed).
 */
const KNOWN_OUTSIDE: ReadonlyArray<{ file: string; text: string }> = [];

function repoFiles(): string[] {
  let listed: string[];
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
    listed = out.split('\0').filter(Boolean);
  } catch {
    listed = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(join(ROOT, dir))) {
        const path = dir ? `${dir}/${name}` : name;
        const stat = lstatSync(join(ROOT, path));
        if (stat.isDirectory()) {
          if (!SKIPPED_DIRS.has(name)) walk(path);
        } else if (stat.isFile()) listed.push(path);
      }
    };
    walk('');
  }
  return [...new Set(listed)]
    .map((file) => file.split(sep).join('/'))
    .filter((file) => !file.split('/').some((part) => SKIPPED_DIRS.has(part)))
    .filter((file) => existsSync(join(ROOT, file)) && lstatSync(join(ROOT, file)).isFile())
    .sort();
}

/** Text of a file, or null for binary content. */
function readText(file: string): string | null {
  const buffer = readFileSync(join(ROOT, file));
  if (buffer.includes(0)) return null;
  return buffer.toString('utf8');
}

/** True when the match sits inside a long base64/percent-encoded run (a test vector, not a citation). */
function insideData(line: string, start: number, end: number): boolean {
  const data = /[A-Za-z0-9+/=_%.-]/;
  let left = start;
  let right = end;
  while (left > 0 && data.test(line[left - 1]!)) left--;
  while (right < line.length && data.test(line[right]!)) right++;
  return right - left >= 40;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Every citation in one line: ids, battery cases, failure cases and section references. */
function citationsIn(line: string): string[] {
  const found: string[] = [];
  const each = (re: RegExp, take: (m: RegExpExecArray) => string[]) => {
    for (const m of line.matchAll(re)) {
      if (!insideData(line, m.index!, m.index! + m[0].length)) found.push(...take(m as RegExpExecArray));
    }
  };
  const span = (prefix: string, from: string, to: string) => {
    const a = Number(from);
    const b = Number(to);
    if (!(b > a && b - a <= 60)) return [];
    return Array.from({ length: b - a + 1 }, (_, i) => `${prefix}${pad(a + i)}`);
  };
  each(ID, (m) => [m[0]]);
  each(BATTERY, (m) => [m[0]]);
  each(FAILURE_CASE, (m) => [m[0]]);
  each(SECTION, (m) => [`${m[1]} §${m[2]}`]);
  each(ID_RANGE, (m) => span(`${m[1]}-`, m[2]!, m[3]!));
  each(BATTERY_RANGE, (m) => span('T', m[1]!, m[2]!));
  each(ID_LIST, (m) => [m[2]!, ...m[3]!.split('/').filter(Boolean)].map((n) => `${m[1]}-${n}`));
  return found;
}

interface Definitions {
  /** Labels of `- **LABEL**` entries: SID-01, T01, E8, §12.3. */
  labels: Map<string, number>;
  /** Section aliases named in headings: "security §6.2", "stores §12". */
  headings: Set<string>;
}

function definitions(doc: string): Definitions {
  const labels = new Map<string, number>();
  for (const m of doc.matchAll(/^\s*- \*\*([^*]+)\*\*/gm)) labels.set(m[1]!, (labels.get(m[1]!) ?? 0) + 1);
  const headings = new Set<string>();
  for (const m of doc.matchAll(/^#{1,6} .*$/gm)) {
    for (const s of m[0].matchAll(SECTION)) headings.add(`${s[1]} §${s[2]}`);
  }
  return { labels, headings };
}

function isDefined(citation: string, defs: Definitions): boolean {
  const section = /^(security|stores) §(.+)$/.exec(citation);
  if (!section) return defs.labels.has(citation);
  if (defs.headings.has(citation)) return true;
  // Store requirements are entries of their own: "- **§12.6** …".
  return section[1] === 'stores' && defs.labels.has(`§${section[2]}`);
}

const files = repoFiles();
const docText = readFileSync(join(ROOT, DOC), 'utf8');
const defs = definitions(docText);

describe('docs/requirements.md defines every cited requirement', () => {
  test('the scan sees the repository (sanity)', () => {
    assert.ok(files.includes(DOC), `${DOC} is listed`);
    assert.ok(files.some((f) => f.startsWith('src/')) && files.some((f) => f.startsWith('test/')));
    assert.ok(defs.labels.size >= 66 + 48, `expected the checklists and the battery, got ${defs.labels.size} definitions`);
  });

  test('every id cited in src/, test/, docs/, demo/, bench/, scripts/ and README.md is defined', () => {
    const missing = new Map<string, string[]>();
    for (const file of files.filter(CITING)) {
      const text = readText(file);
      if (text === null) continue;
      text.split('\n').forEach((line, i) => {
        for (const citation of citationsIn(line)) {
          if (isDefined(citation, defs)) continue;
          const at = missing.get(citation) ?? [];
          const where = `${file}:${i + 1}`;
          if (at.length < 3 && !at.includes(where)) at.push(where);
          missing.set(citation, at);
        }
      });
    }
    const report = [...missing].map(([id, at]) => `  ${id}  (${at.join(', ')})`).join('\n');
    assert.equal(missing.size, 0, `ids cited but not defined in ${DOC}:\n${report}`);
  });

  test('no id is defined twice', () => {
    const twice = [...defs.labels].filter(([, n]) => n > 1).map(([label]) => label);
    assert.deepEqual(twice, []);
  });

  test('every checklist entry states its status', () => {
    const entries = docText.match(new RegExp(`^- \\*\\*(?:${FAMILY})-[0-9]{2}\\*\\*.*$`, 'gm')) ?? [];
    const unclear = entries.filter((line) => !/· (covered|partly|not covered yet|not built) —/.test(line));
    assert.deepEqual(unclear, []);
  });

  test('every repository file the document names as proof exists', () => {
    const named = new Set<string>();
    for (const m of docText.matchAll(/`((?:src|test|docs|scripts|demo|bench)\/[^`*\s]+\.(?:ts|md|mjs|js|sh))`/g)) named.add(m[1]!);
    const absent = [...named].filter((file) => !existsSync(join(ROOT, file)));
    assert.deepEqual(absent, [], `named in ${DOC} but not in the repository`);
  });
});

describe('nothing points outside the repository', () => {
  test(`no file mentions a machine path or the background notes (${OUTSIDE.length} patterns)`, () => {
    const hits: string[] = [];
    const stale: string[] = [];
    for (const file of files) {
      let text = readText(file);
      if (text === null) continue;
      for (const known of KNOWN_OUTSIDE.filter((k) => k.file === file)) {
        if (text.includes(known.text)) text = text.split(known.text).join('');
        else stale.push(`${known.file}: ${known.text}`);
      }
      text.split('\n').forEach((line, i) => {
        if (OUTSIDE.some((pattern) => line.includes(pattern))) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    for (const known of KNOWN_OUTSIDE) if (!files.includes(known.file)) stale.push(`${known.file}: ${known.text}`);
    assert.deepEqual(hits, [], 'files that point outside the repository');
    assert.deepEqual(stale, [], 'KNOWN_OUTSIDE entries whose file no longer has the text: remove them');
  });
});
