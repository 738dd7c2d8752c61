/*
 * The bare handler of `npm run bench` (a child process of bench/pages.ts): Express 5 + EJS, a GET that reads
 * one row with better-sqlite3 and renders a form of the given size, and a POST that parses a url-encoded body,
 * writes one row and answers 303. Nothing else: no session, no CSRF, no helmet, no compression.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import ejs from 'ejs';
import Database from 'better-sqlite3';
import { meterServer } from './meter';

const targetBytes = Number(process.env.BENCH_FORM_BYTES ?? 40_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tr-bench-bare-'));
const db = new Database(path.join(dir, 'bare.sqlite'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('create table accounts (id integer primary key, name text not null); create table posts (id integer primary key, data text not null)');
db.prepare('insert into accounts (id, name) values (1, ?)').run('李明');
const read = db.prepare('select name from accounts where id = ?');
const write = db.prepare('insert into posts (data) values (?)');

// A form like step 3: labelled selects with options, inside a page; `fields` is scaled to reach the size.
const template = ejs.compile(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>填写注册信息</title></head><body>
<h1><%= name %>，请填写注册信息</h1><form method="post" action="/" enctype="multipart/form-data">
<% for (let f = 0; f < fields; f++) { %><div class="field" id="group-f<%= f %>"><label for="field-f<%= f %>"><span class="req">*</span>字段<%= f %></label>
<div class="control"><select id="field-f<%= f %>" name="f<%= f %>"><option value="">---请选择---</option>
<% for (let o = 0; o < 12; o++) { %><option value="<%= o %>"<%= o === 3 ? ' selected' : '' %>>选项<%= o %> <%= name %></option><% } %></select>
<p class="hint">请根据本人实际情况选择。</p></div></div>
<% } %><button type="submit">下一步</button></form></body></html>`);
const one = Buffer.byteLength(template({ name: '李明', fields: 1 }));
const two = Buffer.byteLength(template({ name: '李明', fields: 2 }));
const fields = Math.max(1, Math.round(1 + (targetBytes - one) / (two - one)));

const app = express();
app.disable('x-powered-by');
app.get('/', (_req, res) => {
  res.send(template({ name: (read.get(1) as { name: string }).name, fields }));
});
app.post('/', express.urlencoded({ extended: false, limit: '64kb' }), (req, res) => {
  write.run(JSON.stringify(req.body));
  res.redirect(303, '/next');
});

const server = app.listen(0, '127.0.0.1', () => {
  meterServer(server);
  const port = (server.address() as AddressInfo).port;
  const bytes = Buffer.byteLength(template({ name: '李明', fields }));
  process.send?.({ ready: true, port, bytes });
});
process.on('message', (msg: { stop?: boolean }) => {
  if (!msg.stop) return;
  server.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(0); // --cpu-prof writes its profile on a normal exit
});
