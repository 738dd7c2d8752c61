import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, TestContext } from './app';
import { loginAs, DEMO } from './app';
import { fillUpToPromise } from './wizard';

/** 李明 walks the wizard and submits (步骤六 同意); returns his browser and the 报名号. */
export async function submitDemoApplication(ctx: TestContext): Promise<{ b: Browser; no: string }> {
  const b = await loginAs(ctx, DEMO.liMing);
  await fillUpToPromise(ctx, b);
  const done = await b.submit('/apply/step/6', { promise: 'agree' });
  const no = /\/apply\/done\/(\d{8})$/.exec(done.headers.location ?? '')?.[1];
  if (done.status !== 303 || !no) throw new Error(`submit: ${done.status} ${done.headers.location}`);
  return { b, no };
}

/** GETs a binary body (the PDF) with the browser's cookies. */
export async function getBinary(b: Browser, url: string) {
  return b.agent.get(url).buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (chunk: Buffer) => chunks.push(chunk));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** A scratch folder for PDFs and PNGs, and poppler/zbar run on them. */
export function pdfTools() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-pdf-test-'));
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return {
    dir,
    write(name: string, pdf: Buffer) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, pdf);
      return file;
    },
    text: (file: string, page?: number) => run('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), '-raw', file, '-']),
    info: (file: string) => run('pdfinfo', [file]),
    fonts: (file: string) => run('pdffonts', [file]),
    images: (file: string) => run('pdfimages', ['-list', file]),
    /** Page `page` as a PNG at `dpi`; returns its path. */
    png(file: string, page: number, dpi = 200) {
      const prefix = path.join(dir, `${path.basename(file, '.pdf')}-p${page}`);
      run('pdftoppm', ['-r', String(dpi), '-f', String(page), '-l', String(page), '-singlefile', '-png', file, prefix]);
      return `${prefix}.png`;
    },
    /** What zbarimg reads on a PNG ('' when nothing). */
    barcodes(png: string) {
      try {
        return run('zbarimg', ['-q', png]).trim();
      } catch {
        return '';
      }
    },
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** pdfinfo's page count. */
export const pageCount = (info: string) => Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? NaN);
