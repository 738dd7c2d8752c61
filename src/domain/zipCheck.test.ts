import { centralDirectoryEntries, findCentralDirectory, judgeZip, ZIP_LIMITS } from './zipCheck';

/** A central directory with the given entries, and its end record, as a zip tool writes them (no local data needed). */
function zipTail(entries: { name: string; compressed: number; uncompressed: number }[]): Buffer {
  const cds = entries.map((e) => {
    const name = Buffer.from(e.name);
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt32LE(e.compressed, 20);
    h.writeUInt32LE(e.uncompressed, 24);
    h.writeUInt16LE(name.length, 28);
    return Buffer.concat([h, name]);
  });
  const cd = Buffer.concat(cds);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(0, 16);
  return Buffer.concat([cd, end]);
}

test('reads the central directory and judges the declared sizes', () => {
  const normal = zipTail([{ name: 'xl/worksheets/sheet1.xml', compressed: 2_000_000, uncompressed: 30_000_000 }, { name: '[Content_Types].xml', compressed: 300, uncompressed: 1200 }]);
  const dir = findCentralDirectory(normal);
  expect(dir).toEqual({ entries: 2, size: normal.length - 22, offset: 0 });
  const entries = centralDirectoryEntries(normal.subarray(dir!.offset, dir!.offset + dir!.size));
  expect(entries?.map((e) => e.name)).toEqual(['xl/worksheets/sheet1.xml', '[Content_Types].xml']);
  expect(judgeZip(entries)).toEqual({ ok: true });
});

test('a bomb: too large in total, too high a ratio, ZIP64 markers, too many entries', () => {
  expect(judgeZip([{ name: 'a', compressed: 100_000_000, uncompressed: ZIP_LIMITS.totalUncompressed + 1 }])).toEqual({ ok: false, reason: 'bomb' });
  expect(judgeZip([{ name: 'a', compressed: 50_000, uncompressed: 100_000_000 }])).toEqual({ ok: false, reason: 'bomb' });
  expect(judgeZip([{ name: 'a', compressed: 0xffffffff, uncompressed: 0xffffffff }])).toEqual({ ok: false, reason: 'bomb' });
  expect(judgeZip(Array.from({ length: ZIP_LIMITS.entries + 1 }, (_, i) => ({ name: String(i), compressed: 1, uncompressed: 1 })))).toEqual({ ok: false, reason: 'bomb' });
  // small entries may compress very well (a sheet of empty cells): only large ones are judged by ratio
  expect(judgeZip([{ name: 'a', compressed: 1000, uncompressed: 5_000_000 }])).toEqual({ ok: true });
});

test('not a zip', () => {
  expect(findCentralDirectory(Buffer.from('hello world, this is not a zip file at all'))).toBeNull();
  expect(centralDirectoryEntries(Buffer.alloc(60))).toBeNull();
  expect(judgeZip(null)).toEqual({ ok: false, reason: 'notZip' });
});
