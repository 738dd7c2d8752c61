import {
  ACTIONS, ACTION_LABELS, CONCLUDED_STATUSES, DRAFT, LIFECYCLE_STATES, MISSING_ITEMS_MAX, MISSING_ITEM_MAX, REASON_MAX, STATUS, STATUS_EXPLANATIONS,
  allowedActions, applicantMayEdit, locksIdentity, transition, type Action, type LifecycleState,
} from './applicationStatus';
import { ROLE_LABELS, type Role } from './principal';

describe('locksIdentity', () => {
  const table: [keyof typeof STATUS, string, boolean][] = [
    ['pendingConfirmation', '网报待确认', false], // still the applicant's to edit
    ['awaitingApproval', '待注册审批', true],
    ['confirmationFailed', '确认未通过', true],
    ['wrongBureau', '机构选择有误', true],
    ['passed', '注册合格', false], // concluded
    ['deferred', '暂缓注册', false],
    ['failed', '注册不合格', false],
    ['notEligible', '不属于注册对象', false],
  ];

  test('the table covers every status', () => {
    expect(table.map(([key]) => key).sort()).toEqual(Object.keys(STATUS).sort());
  });

  test.each(table)('%s (%s) locks the identity: %s', (key, label, locks) => {
    expect(STATUS[key]).toBe(label);
    expect(locksIdentity(STATUS[key])).toBe(locks);
  });

  test('concluded statuses never lock', () => {
    expect([...CONCLUDED_STATUSES].sort()).toEqual([STATUS.passed, STATUS.deferred, STATUS.failed, STATUS.notEligible].sort());
    for (const status of CONCLUDED_STATUSES) expect(locksIdentity(status)).toBe(false);
  });

  test('an unknown status is treated as under review (fails closed)', () => {
    expect(locksIdentity('')).toBe(true);
    expect(locksIdentity('审核中')).toBe(true);
    expect(locksIdentity('pendingConfirmation')).toBe(true); // the key, not the stored label
  });
});

/*
 * The lifecycle table, written out independently of the implementation: one row per state, one column
 * per action, each cell the roles allowed (A applicant, O 确认点操作员, R 注册机构审核员; '-' nobody).
 * bureau_admin and system_admin take no lifecycle action. Every (state, action, role) cell is tested.
 */
const COLUMNS: Action[] = ['submit', 'edit', 'correctBureau', 'confirmComplete', 'confirmIncomplete', 'returnForCorrection', 'wrongBureau', 'approve', 'defer', 'reject', 'notEligible'];
const GRID: Record<LifecycleState, string[]> = {
  //                 submit edit correctBureau confirmComplete confirmIncomplete returnForCorrection wrongBureau approve defer reject notEligible
  [DRAFT]:           ['A', '-', '-', '-', '-', '-',  '-', '-', '-', '-', '-'],
  '网报待确认':      ['-', 'A', 'A', 'O', 'O', '-',  'R', '-', '-', '-', 'R'],
  '待注册审批':      ['-', '-', '-', '-', '-', 'OR', 'R', 'R', 'R', 'R', 'R'],
  '确认未通过':      ['-', '-', '-', 'O', 'O', 'OR', 'R', '-', '-', '-', 'R'],
  '机构选择有误':    ['-', '-', 'A', '-', '-', 'R',  '-', '-', '-', '-', '-'],
  '注册合格':        ['-', '-', '-', '-', '-', '-',  '-', '-', '-', '-', '-'],
  '暂缓注册':        ['-', '-', '-', '-', '-', '-',  '-', '-', '-', '-', '-'],
  '注册不合格':      ['-', '-', '-', '-', '-', '-',  '-', '-', '-', '-', '-'],
  '不属于注册对象':  ['-', '-', '-', '-', '-', '-',  '-', '-', '-', '-', '-'],
};
const TARGET: Record<Action, string> = {
  submit: '网报待确认', edit: '网报待确认', correctBureau: '网报待确认', confirmComplete: '待注册审批', confirmIncomplete: '确认未通过',
  returnForCorrection: '网报待确认', wrongBureau: '机构选择有误', approve: '注册合格', defer: '暂缓注册', reject: '注册不合格', notEligible: '不属于注册对象',
};
const LETTER: Record<Role, string> = { applicant: 'A', operator: 'O', reviewer: 'R', bureau_admin: 'M', system_admin: 'S', audit_admin: 'U', security_admin: 'C' };
const ROLES: Role[] = ['applicant', 'operator', 'reviewer', 'bureau_admin', 'system_admin', 'audit_admin', 'security_admin'];
const VALID_INPUT = { reason: '年度考核材料缺失', missingMaterials: ['《教师资格证书》'] };

const allowedIn = (state: LifecycleState, action: Action, role: Role) => GRID[state][COLUMNS.indexOf(action)].includes(LETTER[role]);
const everAllowed = (action: Action, role: Role) => LIFECYCLE_STATES.some((state) => allowedIn(state, action, role));
const cells = LIFECYCLE_STATES.flatMap((state) => COLUMNS.flatMap((action) => ROLES.map((role) => [state, action, role, allowedIn(state, action, role)] as const)));

describe('the lifecycle table', () => {
  test('covers every state and every action', () => {
    expect([...LIFECYCLE_STATES].sort()).toEqual(Object.keys(GRID).sort());
    expect([...COLUMNS].sort()).toEqual([...ACTIONS].sort());
    expect(cells).toHaveLength(9 * 11 * 7);
  });

  test.each(cells)('%s · %s · %s → allowed: %s', (state, action, role, allowed) => {
    const result = transition(state, action, role, VALID_INPUT);
    if (allowed) {
      expect(result).toMatchObject({ ok: true, to: TARGET[action] });
    } else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(result.field).toBeUndefined(); // a refusal of the cell, not of the input
      // A role that may never take the action is told so, whatever the state.
      if (!everAllowed(action, role)) expect(result.message).toBe(`${ROLE_LABELS[role]}不能办理“${ACTION_LABELS[action]}”`);
    }
  });

  test.each(LIFECYCLE_STATES.flatMap((state) => ROLES.map((role) => [state, role] as const)))('allowedActions(%s, %s) lists exactly the allowed cells', (state, role) => {
    expect(allowedActions(state, role)).toEqual(COLUMNS.filter((action) => allowedIn(state, action, role)));
  });
});

describe('refusal messages', () => {
  test.each([
    ['an edit outside 网报待确认 (seed 000 §3.3.3)', '待注册审批', 'edit', 'applicant', '只有注册结论为“网报待确认”，才可修改报名信息。如需修改，请联系注册机构将注册结论调整为“网报待确认”。'],
    ['a bureau correction outside 网报待确认/机构选择有误', '确认未通过', 'correctBureau', 'applicant', '只有注册结论为“网报待确认”或“机构选择有误”，才可修改注册机构。'],
    ['a second submission', '网报待确认', 'submit', 'applicant', '您已经填写了申报信息，请直接查看或修改申报信息'],
    ['a staff action on a draft', DRAFT, 'confirmComplete', 'operator', '该申请尚未提交，不能办理此操作'],
    ['a change after the conclusion', '注册合格', 'returnForCorrection', 'reviewer', '该申请已有注册结论“注册合格”，不能再办理“退回修改”'],
    ['a conclusion before the materials are confirmed', '网报待确认', 'approve', 'reviewer', '注册结论为“网报待确认”的申请不能办理“注册合格”'],
    ['returning what is already 网报待确认', '网报待确认', 'returnForCorrection', 'reviewer', '该申请的注册结论已是“网报待确认”'],
    ['confirming twice', '待注册审批', 'confirmComplete', 'operator', '该申请的注册结论已是“待注册审批”'],
    ['the operator undoing the bureau’s 机构选择有误', '机构选择有误', 'returnForCorrection', 'operator', '注册结论为“机构选择有误”的申请不能办理“退回修改”'],
    ['an operator concluding', '待注册审批', 'approve', 'operator', '确认点操作员不能办理“注册合格”'],
    ['a bureau admin confirming', '网报待确认', 'confirmComplete', 'bureau_admin', '机构管理员不能办理“材料齐全”'],
    ['an applicant concluding', '待注册审批', 'approve', 'applicant', '申请人不能办理“注册合格”'],
  ] as const)('%s', (_what, state, action, role, message) => {
    expect(transition(state, action, role, VALID_INPUT)).toEqual({ ok: false, message });
  });

  test('an unknown stored status, action or role is refused, never thrown (fails closed)', () => {
    expect(transition('审核中', 'approve', 'reviewer', VALID_INPUT)).toEqual({ ok: false, message: '该申请的状态无法识别，不能办理此操作，请联系系统管理员' });
    expect(transition('awaitingApproval', 'approve', 'reviewer', VALID_INPUT).ok).toBe(false); // the key, not the label
    expect(transition('待注册审批', 'delete' as Action, 'reviewer').ok).toBe(false);
    expect(transition('待注册审批', 'approve', 'toString' as Role).ok).toBe(false);
    expect(allowedActions('审核中', 'reviewer')).toEqual([]);
    expect(allowedActions('待注册审批', 'root' as Role)).toEqual([]);
  });
});

describe('inputs', () => {
  test('材料不全 needs at least one missing item; items are trimmed, blanks and repeats dropped', () => {
    for (const missingMaterials of [undefined, [], ['', '   ']]) {
      expect(transition('网报待确认', 'confirmIncomplete', 'operator', { missingMaterials })).toEqual({ ok: false, message: '请填写缺少的材料', field: 'missingMaterials' });
    }
    expect(transition('网报待确认', 'confirmIncomplete', 'operator', { missingMaterials: [' 《教师资格证书》 ', '年度考核证明', '《教师资格证书》', ''] })).toEqual({
      ok: true, to: '确认未通过', requires: ['confirmationWindow'], missingMaterials: ['《教师资格证书》', '年度考核证明'],
    });
  });

  test('材料不全 limits the list and each item', () => {
    const many = Array.from({ length: MISSING_ITEMS_MAX + 1 }, (_, i) => `材料${i}`);
    expect(transition('网报待确认', 'confirmIncomplete', 'operator', { missingMaterials: many })).toMatchObject({ ok: false, field: 'missingMaterials', message: `缺少的材料最多填写${MISSING_ITEMS_MAX}项` });
    expect(transition('网报待确认', 'confirmIncomplete', 'operator', { missingMaterials: ['材'.repeat(MISSING_ITEM_MAX + 1)] })).toMatchObject({ ok: false, field: 'missingMaterials' });
  });

  // Which actions need a reason, and why, is argued at ACTION_INPUTS.
  test.each([
    ['待注册审批', 'returnForCorrection', 'reviewer', '请填写退回原因'],
    ['确认未通过', 'returnForCorrection', 'operator', '请填写退回原因'],
    ['待注册审批', 'defer', 'reviewer', '请填写暂缓注册原因'],
    ['待注册审批', 'reject', 'reviewer', '请填写注册不合格原因'],
    ['网报待确认', 'notEligible', 'reviewer', '请填写不属于注册对象的原因'],
  ] as const)('%s · %s by %s needs a reason', (state, action, role, message) => {
    for (const reason of [undefined, '', '  \n ']) {
      expect(transition(state, action, role, { reason })).toEqual({ ok: false, message, field: 'reason' });
    }
    expect(transition(state, action, role, { reason: '  未完成360学时培训 ' })).toMatchObject({ ok: true, reason: '未完成360学时培训' });
  });

  test.each([
    ['网报待确认', 'confirmComplete', 'operator'],
    ['网报待确认', 'wrongBureau', 'reviewer'],
    ['待注册审批', 'approve', 'reviewer'],
  ] as const)('%s · %s by %s takes an optional note', (state, action, role) => {
    const bare = transition(state, action, role);
    expect(bare.ok).toBe(true);
    expect(bare).not.toHaveProperty('reason');
    expect(transition(state, action, role, { reason: ' 已核验原件 ' })).toMatchObject({ ok: true, reason: '已核验原件' });
  });

  test('a reason is at most REASON_MAX characters', () => {
    expect(transition('待注册审批', 'reject', 'reviewer', { reason: '因'.repeat(REASON_MAX) }).ok).toBe(true);
    expect(transition('待注册审批', 'reject', 'reviewer', { reason: '因'.repeat(REASON_MAX + 1) })).toEqual({ ok: false, message: `注册不合格原因不能超过${REASON_MAX}个字符`, field: 'reason' });
  });

  test('the applicant’s actions carry no reason or list, and say which window they need', () => {
    expect(transition(DRAFT, 'submit', 'applicant', VALID_INPUT)).toEqual({ ok: true, to: '网报待确认', requires: ['onlineWindow'] });
    expect(transition('网报待确认', 'edit', 'applicant', VALID_INPUT)).toEqual({ ok: true, to: '网报待确认', requires: ['beforeConfirmationEnd'] });
    expect(transition('机构选择有误', 'correctBureau', 'applicant')).toEqual({ ok: true, to: '网报待确认', requires: ['targetOnlineWindow'] });
  });

  test('the counter needs the confirmation window; the bureau’s decisions need none', () => {
    expect(transition('网报待确认', 'confirmComplete', 'operator')).toEqual({ ok: true, to: '待注册审批', requires: ['confirmationWindow'] });
    expect(transition('待注册审批', 'approve', 'reviewer')).toEqual({ ok: true, to: '注册合格' });
  });
});

describe('applicantMayEdit: 网报待确认 until the confirmation end (001 §5, 003); 机构选择有误 whatever the window', () => {
  const online = { online: true, beforeConfirmationEnd: true };
  const afterOnline = { online: false, beforeConfirmationEnd: true };
  const afterConfirmation = { online: false, beforeConfirmationEnd: false };
  test.each([
    ['网报待确认', online, { details: true, bureau: true }],
    ['网报待确认', afterOnline, { details: true, bureau: false }],
    ['网报待确认', afterConfirmation, { details: false, bureau: false }],
    ['机构选择有误', online, { details: false, bureau: true }],
    ['机构选择有误', afterOnline, { details: false, bureau: true }],
    ['机构选择有误', afterConfirmation, { details: false, bureau: true }],
    ['待注册审批', online, { details: false, bureau: false }],
    ['确认未通过', afterOnline, { details: false, bureau: false }],
    ['注册合格', online, { details: false, bureau: false }],
    ['不属于注册对象', afterOnline, { details: false, bureau: false }],
  ] as const)('%s, %j', (status, when, expected) => {
    expect(applicantMayEdit(status, when)).toEqual(expected);
  });
});

describe('status explanations', () => {
  test('every status has one, and the conclusions use the seeds’ words', () => {
    expect(Object.keys(STATUS_EXPLANATIONS).sort()).toEqual(Object.values(STATUS).sort());
    expect(STATUS_EXPLANATIONS['不属于注册对象']).toContain('发现该申请人不在注册范围'); // seed 001 §5 (五)
    for (const status of CONCLUDED_STATUSES) expect(STATUS_EXPLANATIONS[status]).toMatch(new RegExp(`^“${status}”是指`));
  });
});
