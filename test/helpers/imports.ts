import type { TestContext, Browser } from './app';
import { csrfFrom } from './app';

/** 数据导入 driven through its pages, as test/integration/imports.test.ts does: upload → dry run → 确认导入. */
export const pageText = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

export async function uploadImport(b: Browser, kind: string, data: Buffer, filename: string) {
  const token = csrfFrom((await b.get('/staff/import')).text);
  return b.agent.post('/staff/import').field('_csrf', token).field('kind', kind).attach('file', data, filename);
}

async function jobPage(ctx: TestContext, b: Browser, location: string): Promise<string> {
  await ctx.container.services.importJobs.idle();
  const page = await b.get(location);
  if (page.status !== 200) throw new Error(`job page ${location}: ${page.status}`);
  return page.text;
}

export async function dryRunImport(ctx: TestContext, b: Browser, kind: string, data: Buffer, filename: string) {
  const res = await uploadImport(b, kind, data, filename);
  if (res.status !== 303) throw new Error(`upload ${kind}: ${res.status} ${pageText(res.text).slice(0, 400)}`);
  const location = res.headers.location as string;
  return { location, html: await jobPage(ctx, b, location) };
}

export async function confirmImport(ctx: TestContext, b: Browser, location: string): Promise<string> {
  const token = csrfFrom((await b.get(location)).text);
  const res = await b.agent.post(`${location}/run`).type('form').send({ _csrf: token });
  if (res.status !== 303) throw new Error(`run: ${res.status}`);
  return jobPage(ctx, b, location);
}

/** A UTF-8 csv (with a BOM, as Excel writes it) of a header and rows. */
export const csvFile = (rows: string[][]) => Buffer.from(`\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8');

/** Dry run and import in one go; answers the finished job page's text. */
export async function importRows(ctx: TestContext, b: Browser, kind: string, rows: string[][]): Promise<string> {
  const { location } = await dryRunImport(ctx, b, kind, csvFile(rows), `${kind}.csv`);
  return pageText(await confirmImport(ctx, b, location));
}
