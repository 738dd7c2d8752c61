import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

/**
 * EJS resolves a relative include on every render (even with its cache on) and checks the file exists on disk:
 * one existsSync per include per page (issue 8's profile). An absolute include path needs no check. This loader
 * rewrites each literal relative include to the absolute path of the file it names, once, when EJS reads a
 * template; the templates keep their readable relative paths.
 */
const RELATIVE_INCLUDE = /\binclude\(\s*(['"])([^'"/][^'"]*)\1/g;
const EJS_TAG = /<%[\s\S]*?%>/g;

export function absoluteIncludes(source: string, filename: string): string {
  const dir = path.dirname(filename);
  return source.replace(EJS_TAG, (tag) =>
    tag.replace(RELATIVE_INCLUDE, (_m, quote: string, name: string) => `include(${quote}${path.resolve(dir, name)}${quote}`));
}

/** Installs the loader for every EJS render of the process (pages, fragments and the PDF's templates). */
export function loadTemplatesWithAbsoluteIncludes(): void {
  ejs.fileLoader = (filename: string) => absoluteIncludes(fs.readFileSync(filename, 'utf8'), filename);
}
