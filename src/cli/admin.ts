import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../config';
import { createDb, migrateLatest } from '../db/knex';
import { backupSqlite, restoreSqlite } from '../db/backup';
import { systemClock } from '../clock';
import { createContainer } from '../container';
import { seedReferenceData } from '../../seeds';
import { readSecret } from './prompt';
import { INIT_MESSAGES } from '../services/instance';
import { readCheckpoint, writeCheckpoint } from '../security/auditCheckpoint';
import { rotateKeys } from './rotateKeys';

const USAGE = `用法 / usage:
  npm run admin -- init --bureau-name <机构名称> --region <行政区划代码> --level <县级|市级|省级> --username <用户名> [--name <姓名>]
      空库初始化：创建本系统的注册机构和第一个系统管理员（只能执行一次）。密码从环境变量 STAFF_PASSWORD 读取，
      未设置时在终端中输入（不回显）
  npm run admin -- create-audit-admin <用户名> <姓名>      创建第一个审计管理员（三权分立：只查看和导出审计日志）
  npm run admin -- create-security-admin <用户名> <姓名>   创建第一个安全管理员（分配角色、重置动态口令）
      已有启用的同角色账号时拒绝（更多的由安全管理员在网页上建立）；密码同 init，三人各设各的密码
  npm run admin -- create-staff <用户名> <姓名> <角色> [--bureau <机构ID>] [--point <确认点ID>]
      角色: operator（确认点操作员，须 --bureau 与 --point）, reviewer（注册机构审核员）, bureau_admin（机构管理员）,
      system_admin（系统管理员）, audit_admin（审计管理员）, security_admin（安全管理员）
      密码从环境变量 STAFF_PASSWORD 读取（不出现在命令行历史中）
  npm run admin -- reset-staff-password <用户名>      新密码同样从 STAFF_PASSWORD 读取；该账号的会话全部失效
  npm run admin -- verify-audit [--checkpoint <文件>]
      校验审计日志的哈希链：发现被修改、删除或调换顺序的日志时说明第一处并以非零状态退出。每次校验通过后把链尾
      （序号与哈希）记在数据库之外的检查点文件（默认与密钥文件同目录的 audit-checkpoint.json），下次据此发现末尾被删除。
      请定期运行（例如 cron 每天一次）
  npm run admin -- reset-second-factor <用户名>       重置动态口令（如唯一的安全管理员丢失手机）；下次登录时重新绑定，会话全部失效
  每个工作人员账号首次登录时绑定动态口令（手机上的身份验证器），之后每次登录在密码之后输入6位动态口令。
  npm run admin -- backup <文件>                      SQLite 在线备份（服务不必停止）
  npm run admin -- restore <文件>                     从备份恢复 SQLite 数据库（请先停止服务）；只接受本系统当前版本的备份
  npm run admin -- rotate-keys                        轮换个人信息加密密钥（请先停止服务）：加入新版本密钥，重新加密全部证件号码、
      手机号码和图片，完成后删除旧密钥；中断后再次运行即继续。密钥来自 DATA_KEYS 时不可用（会说明怎么做）`;

const PG_BACKUP = `当前使用 PostgreSQL（DATABASE_URL）：请用 PostgreSQL 自带的工具备份与恢复，例如
  备份：pg_dump --format=custom --file=tr-$(date +%F).dump "$DATABASE_URL"
  恢复（先停止服务）：pg_restore --clean --if-exists --no-owner --dbname="$DATABASE_URL" tr-2026-11-26.dump
详见 README“备份与恢复”。`;

export interface AdminIo {
  out(line: string): void;
  /** Asks for a secret without echo (a terminal); null when there is none to ask. */
  secret?(question: string): Promise<string | null>;
}

function option(args: string[], name: string): number | null {
  const at = args.indexOf(name);
  if (at < 0) return null;
  const value = Number(args[at + 1]);
  return Number.isSafeInteger(value) && value > 0 ? value : NaN;
}

/** `--name value` flags of a command (the value may contain spaces when quoted). */
function flags(args: string[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 1) {
    if (args[i].startsWith('--')) {
      const value = args[i + 1];
      found[args[i].slice(2)] = value !== undefined && !value.startsWith('--') ? value : '';
      if (value !== undefined && !value.startsWith('--')) i += 1;
    }
  }
  return found;
}

/** The password: STAFF_PASSWORD, or typed twice at a terminal without echo. */
async function passwordFor(env: NodeJS.ProcessEnv, io: AdminIo): Promise<string | null> {
  if (env.STAFF_PASSWORD) return env.STAFF_PASSWORD;
  const ask = io.secret ?? readSecret;
  const first = await ask('系统管理员密码（输入时不显示）：');
  if (first === null) return null;
  const second = await ask('再次输入密码：');
  if (second !== first) {
    io.out('错误：两次输入的密码不一致');
    return '';
  }
  return first;
}

/** npm run admin -- … : the instance's first set-up, staff accounts, backups — on any instance, production included. */
export async function runAdmin(args: string[], env: NodeJS.ProcessEnv, output: ((line: string) => void) | AdminIo): Promise<number> {
  const io: AdminIo = typeof output === 'function' ? { out: output } : output;
  const out = io.out;
  const [command, ...rest] = args;
  let config;
  try {
    config = loadConfig(env);
  } catch (err) {
    // Production refuses to start without its secrets; so does this command, with a line instead of a stack trace.
    if (!(err instanceof ConfigError)) throw err;
    out(`错误：环境变量有误：${err.message}`);
    out('请用与服务相同的环境变量运行本命令（NODE_ENV、DATABASE_URL 或 SQLITE_PATH、SESSION_SECRET、NOTIFY_TRANSPORT 等）：本命令使用哪个数据库由这些变量决定 / run it with the service\'s environment');
    return 2;
  }
  if (command === 'backup' || command === 'restore') {
    if (config.databaseUrl) {
      out(PG_BACKUP);
      return 2;
    }
    const file = rest[0];
    if (!file) {
      out(USAGE);
      return 2;
    }
    const target = path.resolve(file);
    if (command === 'backup') {
      const result = await backupSqlite(config.sqlitePath, target);
      out(result.ok ? `已备份到 ${target}（${result.pages} 页）` : `错误：${result.message}`);
      return result.ok ? 0 : 1;
    }
    const result = await restoreSqlite(target, config.sqlitePath);
    out(result.ok ? `已从 ${target} 恢复数据库 ${config.sqlitePath}；请重新启动服务` : `错误：${result.message}`);
    return result.ok ? 0 : 1;
  }
  if (command === 'verify-audit') return verifyAudit(config, rest, out);
  if (command === 'rotate-keys') {
    const db = createDb(config);
    try {
      await migrateLatest(db);
      return await rotateKeys(db, config, out);
    } finally {
      await db.destroy();
    }
  }
  if (!['create-staff', 'reset-staff-password', 'init', 'create-audit-admin', 'create-security-admin', 'reset-second-factor'].includes(command)) {
    out(USAGE);
    return 2;
  }
  const db = createDb(config);
  try {
    await migrateLatest(db);
    const { staff, instance } = createContainer(db, config, systemClock).services;
    if (command === 'init') {
      // Refused before asking for a password: an initialised instance stays as it is.
      if (await instance.initialized()) {
        out(`错误：${INIT_MESSAGES.already}`);
        return 1;
      }
      const f = flags(rest);
      const password = await passwordFor(env, io);
      if (password === null) {
        out('请在环境变量 STAFF_PASSWORD 中给出密码，或在终端中运行以输入密码 / set STAFF_PASSWORD or run in a terminal');
        return 2;
      }
      await seedReferenceData(db); // the region codes the bureau must be in (idempotent)
      const result = await instance.init({ bureauName: f['bureau-name'] ?? '', region: f.region ?? '', level: f.level ?? '', username: f.username ?? '', name: f.name ?? '', password });
      if (!result.ok) {
        for (const message of Object.values(result.errors)) out(`错误：${message}`);
        return 1;
      }
      out(`已创建注册机构 ${f['bureau-name']}（编号 ${result.value.bureauId}）和系统管理员 ${f.username}。请从 /staff/login 登录（首次登录时绑定动态口令）。`);
      out('三权分立：接着由审计管理员和安全管理员本人各自运行 create-audit-admin 与 create-security-admin，设置自己的密码。');
      return 0;
    }
    if (command === 'reset-second-factor') {
      const result = await staff.resetSecondFactorByName(rest[0] ?? '');
      if (!result.ok) {
        for (const message of Object.values(result.errors)) out(`错误：${message}`);
        return 1;
      }
      out(`已重置 ${rest[0]} 的动态口令，其会话已全部失效；下次登录时重新绑定`);
      return 0;
    }
    if (command === 'create-audit-admin' || command === 'create-security-admin') {
      const role = command === 'create-audit-admin' ? 'audit_admin' : 'security_admin';
      const password = await passwordFor(env, io);
      if (password === null) {
        out('请在环境变量 STAFF_PASSWORD 中给出密码，或在终端中运行以输入密码 / set STAFF_PASSWORD or run in a terminal');
        return 2;
      }
      const result = await staff.createFirstAdmin(role, rest[0] ?? '', rest[1] ?? '', password);
      if (!result.ok) {
        for (const message of Object.values(result.errors)) out(`错误：${message}`);
        return 1;
      }
      out(`已创建${role === 'audit_admin' ? '审计管理员' : '安全管理员'} ${rest[0]}。请从 /staff/login 登录（首次登录时绑定动态口令）。`);
      return 0;
    }
    const password = env.STAFF_PASSWORD ?? '';
    if (!password) {
      out('请在环境变量 STAFF_PASSWORD 中给出密码 / set the password in STAFF_PASSWORD');
      return 2;
    }
    const result = command === 'create-staff'
      ? await staff.create({ username: rest[0] ?? '', name: rest[1] ?? '', role: rest[2] ?? '', bureauId: option(rest, '--bureau'), pointId: option(rest, '--point'), password })
      : await staff.resetPassword(rest[0] ?? '', password);
    if (!result.ok) {
      for (const message of Object.values(result.errors)) out(`错误：${message}`);
      return 1;
    }
    out(command === 'create-staff' ? `已创建工作人员账号 ${rest[0]}` : `已重置 ${rest[0]} 的密码，其会话已全部失效`);
    return 0;
  } finally {
    await db.destroy();
  }
}

/**
 * Walks the audit chain (services/audit.ts verifyChain). Exit 0: intact, and the checkpoint file moves on to the new
 * end; 1: broken (the first break named, the checkpoint left as it was); 2: the checkpoint file is unreadable.
 */
async function verifyAudit(config: Config, args: string[], out: (line: string) => void): Promise<number> {
  const file = path.resolve(flags(args).checkpoint || path.join(path.dirname(config.dataKeyFile), 'audit-checkpoint.json'));
  const checkpoint = readCheckpoint(file);
  if (checkpoint === 'unreadable') {
    out(`错误：检查点文件 ${file} 无法读取或格式不对；确认无误后可删除它重新开始 / the checkpoint file is unreadable`);
    return 2;
  }
  const db = createDb(config);
  try {
    await migrateLatest(db);
    const report = await createContainer(db, config, systemClock).services.audit.verifyChain(checkpoint);
    if (!report.ok) {
      out(`错误：审计日志已被篡改。${report.problem.message}`);
      out(`audit chain broken (${report.problem.kind}) at seq ${report.problem.seq ?? '-'}, id ${report.problem.id ?? '-'}; ${report.rows} rows verified before it`);
      return 1;
    }
    writeCheckpoint(file, report.head);
    out(`审计日志完整：共 ${report.rows} 条，链尾第 ${report.head.seq} 条 ${report.head.hash.slice(0, 19)}；检查点已更新 ${file}`);
    out(`audit chain intact: ${report.rows} rows, head ${report.head.seq} ${report.head.hash}`);
    return 0;
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  runAdmin(process.argv.slice(2), process.env, (line) => console.log(line)).then((code) => process.exit(code), (err) => {
    console.error(err);
    process.exit(1);
  });
}
