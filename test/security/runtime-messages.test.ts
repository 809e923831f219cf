/**
 * Runtime messages speak to the app's developer, so they carry no internal requirement ids
 * (`CK-01`, `ST-09`, `T38`, …): every string literal in the shipped sources is checked, comments
 * and the conformance suite's test titles aside. And a chunked cookie that is still too large
 * does not tell the app to enable the chunking it already has.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import express from 'express';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { CookieTooLargeError } from '../../src/errors.js';
import { cookieSession } from '../../src/adapters/express/cookie-session.js';

const SRC = new URL('../../src/', import.meta.url).pathname;
const REQUIREMENT_ID = /\b[A-Z]{2,4}-\d{2}\b|\bT\d{2}\b/;
const TITLE_CALLS = new Set(['add', 'test', 'describe', 'it']);

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function isTitle(node: ts.Node): boolean {
  const call = node.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== node) return false;
  const callee = call.expression;
  return ts.isIdentifier(callee) && TITLE_CALLS.has(callee.text);
}

/** Every string or template literal of a source holding a requirement id, as `file:line text`. */
function idsIn(name: string, source = readFileSync(name, 'utf8')): string[] {
  const file = ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | undefined;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateExpression(node)) text = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join('${…}');
    if (text !== undefined && REQUIREMENT_ID.test(text) && !isTitle(node)) {
      const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      found.push(`${relative(SRC, name)}:${line} ${text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe('audit L4: runtime messages', () => {
  test('audit L4: no string in src/ (errors, warnings, messages) carries a requirement id like CK-01, ST-09 or T38', () => {
    const files = sources(SRC);
    assert.ok(files.length > 50, 'the scan sees the sources');
    assert.deepEqual(files.flatMap((path) => idsIn(path)), []);
  });

  test('audit L4: the scan catches an id in a thrown message, a template and a warning', () => {
    const sample = [
      "throw new SessionError('ERR_SESSION_OPTIONS', 'refused (CK-01)');",
      'const m = `late save ${x} (T38)`;',
      "process.emitWarning('trust proxy ST-09');",
      "add('TM-04: a conformance test title', () => {});",
      '// CK-02 in a comment',
    ].join('\n');
    const found = idsIn(join(SRC, 'sample.ts'), sample);
    assert.deepEqual(found.map((hit) => hit.split(' ')[0]), ['sample.ts:1', 'sample.ts:2', 'sample.ts:3']);
  });

  test('audit L4: a chunked cookie that is still too large does not say "enable chunking"', async () => {
    const unchunked = new CookieTooLargeError(5000, 4096);
    assert.match(unchunked.message, /enable chunking/);
    const chunked = new CookieTooLargeError(40_000, 4096, 4);
    assert.equal(chunked.code, 'ERR_SESSION_COOKIE_TOO_LARGE');
    assert.doesNotMatch(chunked.message, /enable chunking/);
    assert.match(chunked.message, /maxChunks/);
    assert.doesNotMatch(new CookieTooLargeError(80_000, 4096, 8).message, /maxChunks|enable chunking/, 'nothing left to raise at the cap');

    const app = express();
    app.use(cookieSession({ keys: [randomBytes(32).toString('base64url')], chunking: true }) as unknown as RequestHandler);
    app.get('/', (req, res) => {
      (req.session as unknown as Record<string, unknown>).blob = randomBytes(30_000).toString('base64');
      res.send('ok');
    });
    app.use(((error, _req, res, _next) => res.status(500).json({ code: error.code, message: error.message })) as ErrorRequestHandler);
    const res = await request(app).get('/');
    assert.equal(res.body.code, 'ERR_SESSION_COOKIE_TOO_LARGE');
    assert.doesNotMatch(res.body.message, /enable chunking/);
  });
});
