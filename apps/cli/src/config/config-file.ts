import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { INPUT_LIMITS, readInputFile } from '../input-file.js';
import { UsageError } from '../usage-error.js';

/** One problem in a config file, at a place in it. */
export interface ConfigProblem {
  /** Path of the value from the document root (keys and array indices). */
  path: readonly (string | number)[];
  message: string;
}

/** A YAML or JSON config file, parsed, with positions for its values. */
export class ConfigFile {
  readonly file: string;
  readonly data: unknown;
  private readonly document: Document;
  private readonly lines: LineCounter;
  /** Words a misspelt key is compared with, for a suggestion. */
  vocabulary: readonly string[] = [];

  private constructor(file: string, document: Document, lines: LineCounter, data: unknown) {
    this.file = file;
    this.document = document;
    this.lines = lines;
    this.data = data;
  }

  /**
   * Reads and parses `file` (YAML 1.2, which includes JSON). Syntax errors, duplicate keys
   * and an empty or non-mapping document are reported all at once, with line and column.
   */
  static read(file: string, flag: string): ConfigFile {
    const text = readInputFile(file, flag, INPUT_LIMITS.config);
    const lines = new LineCounter();
    const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    const syntax = document.errors.map((e) => located(file, lines, e.pos[0], e.message.split('\n')[0]!));
    if (syntax.length > 0) throw new UsageError(syntax.join('\n'));
    if (!isMap(document.contents)) throw new UsageError(located(file, lines, 0, 'the config must be a mapping of keys to values'));
    let data: unknown;
    try {
      data = document.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // yaml refuses documents whose aliases expand without bound (an alias bomb).
      throw new UsageError(`${flag} '${file}': ${(error as Error).message}`);
    }
    return new ConfigFile(file, document, lines, data);
  }

  private at(offset: number, message: string): string {
    return located(this.file, this.lines, offset, message);
  }

  /**
   * `file:line:column: message` for a value's path; an unknown key is found as a key of the
   * mapping at `path`. Falls back to the nearest enclosing node that exists.
   */
  locate(problem: ConfigProblem, unknownKey?: string): string {
    const path = [...problem.path];
    if (unknownKey !== undefined) {
      const map = path.length === 0 ? this.document.contents : this.document.getIn(path, true);
      if (isMap(map)) {
        const pair = map.items.find((item) => isScalar(item.key) && item.key.value === unknownKey);
        const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
        if (range) return this.at(range[0], problem.message);
      }
    }
    while (path.length > 0) {
      const node = this.document.getIn(path, true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return this.at(node.range[0], problem.message);
      path.pop();
    }
    return this.at(0, problem.message);
  }

  /**
   * Parses the data with a zod schema of a mapping, keeping what is valid: each key with a
   * problem (up to two levels deep, e.g. `envOptions.depth`) is dropped, so that later checks
   * can report their problems too. Returns the valid part and the located problems.
   */
  parseValid<T>(schema: z.ZodType<T>): { value: T; problems: string[] } {
    const first = schema.safeParse(this.data);
    if (first.success) return { value: first.data, problems: [] };
    const data = structuredClone(this.data) as Record<string, unknown>;
    for (const issue of first.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...path, k]) : [path];
      for (const key of keys) dropPath(data, key);
    }
    const second = schema.safeParse(data);
    if (!second.success) throw new UsageError(this.describeIssues(first.error.issues).join('\n'));
    return { value: second.data, problems: this.describeIssues(first.error.issues) };
  }

  /** Zod issues as located messages (a misspelt key names the key). */
  describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
    const out: string[] = [];
    for (const issue of issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      const where = path.length > 0 ? path.join('.') : 'the config';
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const near = closest(key, this.vocabulary);
          out.push(this.locate({ path, message: `unknown key '${key}' in ${where}${near ? ` (did you mean '${near}'?)` : ''}` }, key));
        }
      } else {
        out.push(this.locate({ path, message: `${where}: ${issue.message}` }));
      }
    }
    return out;
  }

  /** Throws every problem at once, located, as a usage error (exit code 2). */
  fail(problems: readonly ConfigProblem[]): never {
    throw new UsageError(problems.map((p) => this.locate(p)).join('\n'));
  }
}

/** `file:line:column: message` for an offset into the text. */
function located(file: string, lines: LineCounter, offset: number, message: string): string {
  const { line, col } = lines.linePos(offset);
  return `${file}:${line}:${col}: ${message}`;
}

/** Deletes the value at `path` (at most two levels down; deeper problems drop their second-level key). */
function dropPath(data: Record<string, unknown>, path: readonly (string | number)[]): void {
  if (path.length === 0) return;
  const top = String(path[0]);
  const inner = data[top];
  if (path.length >= 2 && inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
    delete (inner as Record<string, unknown>)[String(path[1])];
  } else {
    delete data[top];
  }
}

/** The candidate within edit distance 2 of `word` (case-insensitive), if any. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** True when `data` holds a value at `path` (object keys). */
export function hasPath(data: unknown, path: readonly string[]): boolean {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return true;
}
