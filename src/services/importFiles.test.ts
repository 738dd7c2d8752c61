import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { ImportFileError, openImportFile } from './importFiles';

// Builds and reads sheets of thousands of rows: slower than a unit test on two busy cores.
jest.setTimeout(30_000);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-importfiles-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const nameOf = (i: number) => `测试教师${i}`.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]);

async function readAll(file: string, name: string) {
  const opened = await openImportFile(file, name);
  const rows: unknown[][] = [];
  for await (const r of opened.rows()) rows.push(r.cells);
  return { opened, rows };
}

test('a large sheet of Chinese text reads back exactly: no "�" where a character spans two inflated chunks (exceljs #2063)', async () => {
  const file = path.join(dir, 'names.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('s');
  for (let i = 0; i < 6000; i++) ws.addRow([nameOf(i), `台山市第${nameOf(i)}小学`]).commit();
  ws.commit();
  await wb.commit();
  const { opened, rows } = await readAll(file, 'names.xlsx');
  expect(opened.format).toBe('xlsx');
  expect(rows.length).toBe(6000);
  const wrong = rows.filter((r, i) => r[0] !== nameOf(i) || r[1] !== `台山市第${nameOf(i)}小学`);
  expect(wrong).toEqual([]);
  expect(opened.bytesRead()).toBe(opened.totalBytes);
});

test('inline strings (no shared strings) and date cells', async () => {
  const file = path.join(dir, 'inline.xlsx');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('s');
  for (let i = 0; i < 3000; i++) ws.addRow([nameOf(i), new Date(Date.UTC(2009, 6, 1))]).commit();
  ws.commit();
  await wb.commit();
  const { rows } = await readAll(file, 'inline.xlsx');
  expect(rows.filter((r, i) => r[0] !== nameOf(i)).length).toBe(0);
  expect(rows[0][1]).toEqual(new Date(Date.UTC(2009, 6, 1)));
});

test('a text file named .pdf is refused; a csv is read whatever its encoding', async () => {
  const pdf = path.join(dir, 'a.pdf');
  fs.writeFileSync(pdf, 'hello');
  await expect(openImportFile(pdf, 'a.pdf')).rejects.toBeInstanceOf(ImportFileError);
  const csv = path.join(dir, 'a.csv');
  fs.writeFileSync(csv, '\uFEFF名称,地址\r\n甲,"乙\r\n丙"\r\n');
  const { opened, rows } = await readAll(csv, 'a.csv');
  expect(opened.encoding).toBe('utf-8');
  expect(rows).toEqual([['名称', '地址'], ['甲', '乙\r\n丙']]);
});
