#!/usr/bin/env node
// @ts-check
/**
 * Standalone verifier of an audit export of the dues custody ledger (工会经费托管记账: 审计链独立验证程序).
 *
 * Usage:  node verify.mjs [BUNDLE_DIR] [--record SEQ]...     (BUNDLE_DIR: by default the directory this file is in)
 *
 * Reads BUNDLE_DIR/manifest.json and BUNDLE_DIR/records.jsonl (one audit record per line, in seq order) and
 * recomputes the centre's hash chain as docs/audit-chain.md of the service specifies it:
 *
 *   hash = lowercase hex of SHA-256( UTF-8( JCS( { "v": 1, <every member of the record except "hash"> } ) ) )
 *
 * where JCS is the JSON Canonicalization Scheme of RFC 8785, implemented below. Every record must follow the one
 * before it (seq + 1, the first is 1), point to its hash (prevHash; the first: 64 zeros), and hash to its own hash;
 * the last one must be the head the manifest names (and the service printed on its reports).
 *
 * Prints `chain ok: <N> records, head <hash>` and exits 0, or names the first broken record —
 * `chain broken: <kind> at line <L>, seq <S>: <what>` — and exits 1. Kinds: malformed-record, sequence-gap,
 * prev-hash-mismatch, hash-mismatch, head-mismatch. Exits 2 when the bundle cannot be read.
 *
 * A report printed before the export shows an earlier head (审计链 #S · hash in its footer): `--record S` also
 * prints `record <S>: <hash>` of the verified chain, to compare with it.
 *
 * Only Node.js's standard library (node:crypto, node:fs, node:path, node:readline, node:url); Node 18 or later. The
 * service keeps this file as src/audit/standalone/verify.mjs and copies it into every export unchanged.
 */
import * as crypto from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const GENESIS_HASH = '0'.repeat(64);

/** Member names seen before, quoted (the same few names come back on every line). */
const quotedNames = new Map();

/** @param {string} name */
function quoteName(name) {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    quoted = JSON.stringify(name);
    if (quotedNames.size < 100000) quotedNames.set(name, quoted);
  }
  return quoted;
}

/**
 * RFC 8785 (JCS) serialisation of a value read by JSON.parse: object members sorted by their names as UTF-16 code
 * units (what Array.prototype.sort does with strings), no white space, strings and numbers written as ECMAScript's
 * JSON.stringify writes them (RFC 8785 §3.2.2 defines them that way), members whose value is undefined left out.
 * @param {unknown} value
 * @returns {string}
 */
export function canonicalJson(value) {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity');
      return JSON.stringify(value);
    case 'string':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i += 1) out += (i > 0 ? ',' : '') + canonicalJson(value[i]);
        return out + ']';
      }
      return canonicalMembers(/** @type {Record<string, unknown>} */ (value), Object.keys(value));
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/**
 * `{…}` of the named members of an object, in canonical order.
 * @param {Record<string, unknown>} object
 * @param {string[]} names
 */
function canonicalMembers(object, names) {
  names.sort();
  let out = '{';
  for (const name of names) {
    const member = object[name];
    if (member === undefined) continue;
    out += (out.length > 1 ? ',' : '') + quoteName(name) + ':' + canonicalJson(member);
  }
  return out + '}';
}

/**
 * Lowercase hex SHA-256 of a string's UTF-8 bytes.
 * @param {string} text
 */
export function sha256Hex(text) {
  // crypto.hash (Node ≥ 20.12) is the one-shot form of createHash
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * The hash a record should have: JCS({ "v": 1, …every member but "hash" }) hashed.
 * @param {Record<string, unknown>} record
 */
export function recordHash(record) {
  const content = { v: 1, ...record };
  delete content.hash;
  return sha256Hex(canonicalMembers(content, Object.keys(content)));
}

/**
 * @typedef {{ kind: string, line: number, seq: number | null, message: string, stored?: string, expected?: string }} Break
 * @typedef {{ ok: boolean, records: number, headSeq: number, headHash: string, broken: Break | null, manifest: any }} Verdict
 */

/**
 * Verifies the bundle in `dir`; `wanted` are seqs whose hashes to keep (in `verdict.hashes`) once verified.
 * @param {string} dir
 * @param {number[]} [wanted]
 * @returns {Promise<Verdict & { hashes: Map<number, string> }>}
 */
export async function verifyBundle(dir, wanted = []) {
  const keep = new Set(wanted);
  /** @type {Map<number, string>} */
  const hashes = new Map();
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const recordsFile = join(dir, manifest.files?.records ?? 'records.jsonl');
  const lines = createInterface({ input: createReadStream(recordsFile), crlfDelay: Infinity });
  let lineNumber = 0;
  let records = 0;
  let lastSeq = 0;
  let lastHash = GENESIS_HASH;
  /** @type {Break | null} */
  let broken = null;
  for await (const line of lines) {
    lineNumber += 1;
    if (broken) continue; // read to the end: the file is closed cleanly
    if (line === '') {
      broken = { kind: 'malformed-record', line: lineNumber, seq: null, message: 'an empty line' };
      continue;
    }
    /** @type {Record<string, any>} */
    let record;
    try {
      record = JSON.parse(line);
      if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new Error('not a JSON object');
    } catch (error) {
      const seq = /"seq":(\d+)/.exec(line);
      broken = { kind: 'malformed-record', line: lineNumber, seq: seq ? Number(seq[1]) : null, message: `not a readable record (${/** @type {Error} */ (error).message})` };
      continue;
    }
    records += 1;
    const seq = record.seq;
    if (seq !== lastSeq + 1) {
      broken = { kind: 'sequence-gap', line: lineNumber, seq, message: `record ${seq} follows record ${lastSeq}: records are missing or out of order` };
      continue;
    }
    if (record.prevHash !== lastHash) {
      broken = {
        kind: 'prev-hash-mismatch',
        line: lineNumber,
        seq,
        message: `record ${seq} does not point to the hash of record ${lastSeq}`,
        stored: String(record.prevHash),
        expected: lastHash,
      };
      continue;
    }
    let expected;
    try {
      expected = recordHash(record);
    } catch (error) {
      broken = { kind: 'malformed-record', line: lineNumber, seq, message: /** @type {Error} */ (error).message };
      continue;
    }
    if (expected !== record.hash) {
      broken = {
        kind: 'hash-mismatch',
        line: lineNumber,
        seq,
        message: `record ${seq} was altered: its content does not match its hash`,
        stored: String(record.hash),
        expected,
      };
      continue;
    }
    lastSeq = seq;
    lastHash = record.hash;
    if (keep.has(seq)) hashes.set(seq, lastHash);
  }
  if (!broken && (manifest.headSeq !== lastSeq || manifest.headHash !== lastHash)) {
    broken = {
      kind: 'head-mismatch',
      line: lineNumber + 1,
      seq: manifest.headSeq,
      message: `the manifest's head is record ${manifest.headSeq} but the records end at record ${lastSeq}${manifest.headSeq === lastSeq ? ' with another hash' : ''}`,
      stored: manifest.headHash,
      expected: lastHash,
    };
  }
  if (!broken && manifest.recordCount !== records) {
    broken = { kind: 'head-mismatch', line: lineNumber + 1, seq: manifest.headSeq, message: `the manifest counts ${manifest.recordCount} records, the file holds ${records}` };
  }
  return { ok: broken === null, records, headSeq: lastSeq, headHash: lastHash, broken, manifest, hashes };
}

async function main() {
  const here = dirname(fileURLToPath(import.meta.url));
  const args = process.argv.slice(2);
  /** @type {number[]} */
  const wanted = [];
  /** @type {string | undefined} */
  let given;
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--record' && /^[1-9][0-9]*$/.test(args[i + 1] ?? '')) wanted.push(Number(args[++i]));
    else if (!args[i].startsWith('--') && given === undefined) given = args[i];
    else {
      process.stderr.write('usage: node verify.mjs [BUNDLE_DIR] [--record SEQ]...\n');
      return 2;
    }
  }
  const dir = resolve(given ?? here);
  let verdict;
  try {
    verdict = await verifyBundle(dir, wanted);
  } catch (error) {
    process.stderr.write(`cannot verify ${dir}: ${/** @type {Error} */ (error).message}\n`);
    return 2;
  }
  const m = verdict.manifest;
  process.stderr.write(
    `centre ${m.centre?.code ?? '?'} ${m.centre?.name ?? ''} (${m.centre?.id ?? '?'}), exported ${m.exportedAt ?? '?'}; ` +
      `manifest head: record ${m.headSeq} ${m.headHash}\n`,
  );
  if (verdict.ok) {
    process.stdout.write(`chain ok: ${verdict.records} records, head ${verdict.headHash}\n`);
    for (const seq of wanted) process.stdout.write(`record ${seq}: ${verdict.hashes.get(seq) ?? 'not in this export'}\n`);
    return 0;
  }
  const b = /** @type {Break} */ (verdict.broken);
  process.stdout.write(`chain broken: ${b.kind} at line ${b.line}, seq ${b.seq ?? '?'}: ${b.message}\n`);
  if (b.stored !== undefined || b.expected !== undefined) process.stdout.write(`  stored ${b.stored ?? '-'}, expected ${b.expected ?? '-'}\n`);
  return 1;
}

// run as a program (node verify.mjs), not when imported by a test
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then((code) => {
    process.exitCode = code;
  });
}
