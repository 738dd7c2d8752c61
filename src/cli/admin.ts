import { loadConfig } from '../config';
import { createDb, migrateLatest } from '../db/knex';
import { systemClock } from '../clock';
import { createContainer } from '../container';

const USAGE = `用法 / usage:
  npm run admin -- create-staff <用户名> <姓名> <角色> [--bureau <机构ID>] [--point <确认点ID>]
      角色: operator（确认点操作员，须 --bureau 与 --point）, reviewer（注册机构审核员）, bureau_admin（机构管理员）, system_admin（系统管理员）
      密码从环境变量 STAFF_PASSWORD 读取（不出现在命令行历史中）
  npm run admin -- reset-staff-password <用户名>      新密码同样从 STAFF_PASSWORD 读取；该账号的会话全部失效`;

function option(args: string[], name: string): number | null {
  const at = args.indexOf(name);
  if (at < 0) return null;
  const value = Number(args[at + 1]);
  return Number.isSafeInteger(value) && value > 0 ? value : NaN;
}

/** npm run admin -- … : staff accounts on any instance (production included), with the same checks as the pages. */
export async function runAdmin(args: string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const [command, ...rest] = args;
  if (command !== 'create-staff' && command !== 'reset-staff-password') {
    out(USAGE);
    return 2;
  }
  const password = env.STAFF_PASSWORD ?? '';
  if (!password) {
    out('请在环境变量 STAFF_PASSWORD 中给出密码 / set the password in STAFF_PASSWORD');
    return 2;
  }
  const config = loadConfig(env);
  const db = createDb(config);
  try {
    await migrateLatest(db);
    const { staff } = createContainer(db, config, systemClock).services;
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

if (require.main === module) {
  runAdmin(process.argv.slice(2), process.env, (line) => console.log(line)).then((code) => process.exit(code), (err) => {
    console.error(err);
    process.exit(1);
  });
}
