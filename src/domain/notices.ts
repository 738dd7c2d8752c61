/** Fixed texts of the seeds: the agreement (000 §3.2.2 步骤一), default notes (步骤五), the promise (步骤六) and 申请人必读 (004 §3.1.1). */
/** Where a fixed text names this system; templates replace it with `siteName`. */
export const SITE_TOKEN = '{系统名称}';

export const AGREEMENT_CLAUSES = [
  // 000's clause 1 word for word, with this system named where 000 names 中国教师资格网: the page puts the
  // deployment's SITE_NAME in place of SITE_TOKEN.
  `本申报系统的所有权归${SITE_TOKEN}所有，不得修改或使用，违者追究。`,
  '申请人已经认真阅读并知晓教师资格定期注册模块下“须知”的相关内容。',
  '申请人必须在规定的时间内，登录本申报系统执行相关操作，因个人原因导致的申报异常，由申请人承担所有责任。',
  '申请人理解并同意由于不可抗力所引起的无法正常申报的情况，本申报系统不承担任何直接或间接责任。',
  '申请人须保证提交的个人信息真实、准确，申请人将承担由于信息不真实、不准确、隐瞒、伪造和个人疏漏所导致的一切后果。',
  '申请人同意本申报系统对个人申报信息进行在线校验。校验信息包括但不限于申请人持有的教师资格信息、遵守师德规范信息、年度考核信息和继续教育培训学时信息等。',
  '本申报系统尊重并保护申请人网上申报留存的个人隐私信息。未经本人同意，本申报系统不会主动公开、编辑、披露或透露任何个人隐私信息，但根据法律法规规定必须披露的或司法部门或其他法律授权的机关依照法定程序要求提供的除外。',
];

/**
 * 000's (五) sends teachers to the national site's “各省份定期注册工作联系方式”; here it is this system's public
 * contacts page. Views render a note ending with this sentence with 联系方式 linked to the bureau's section.
 */
export const CONTACTS_POINTER = '各区注册机构联系方式见本系统“联系方式”页面。';

export const DEFAULT_NOTES = [
  '（一）取得教师资格，初次聘用为教师的，试用期满考核合格之日起60日内，申请首次注册。首次注册合格后，每5年应申请一次定期注册。离法定退休年龄不足5年的教师，注册至退休年度。超过退休年龄的教师不再注册。',
  '（二）持有两科及以上教师资格证书且在岗任教的，由申请人自行选择与现任教岗位相应的教师资格证书进行注册。',
  '（三）隐瞒有关情况或提供虚假材料申请教师资格注册的，视情况暂缓注册或注册不合格，并给予相应处罚；已经注册的，应当撤销注册。注册中发现使用假教师资格证书，或存在应撤销或丧失教师资格的其他行为的，应依法依规进行撤销或丧失教师资格处理，再作出注册结论。',
  '（四）申请人须按规定时间、地点和要求进行网上和现场确认等，因错过报名时间、选择注册机构或现场确认点、报名信息有误或提交材料不全等原因未在规定时间内完成网上报名和现场确认工作的，注册机构将不再受理，责任由申请人本人承担。',
  `（五）申请人如有疑问，可咨询所在学校和所在区的定期注册机构。${CONTACTS_POINTER}`,
];

/** 注意事项 of a bureau: its own text, one item a line, or the manual's five items when it has none. */
export function bureauNotes(notes: string | null | undefined): string[] {
  const own = (notes ?? '').split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  return own.length ? own : DEFAULT_NOTES;
}

/**
 * 账号注册's agreement: this system's equivalent of 中国教师资格网用户账号注册协议 (001 §2.1 (a), (h)), titled
 * 《SITE_NAME用户账号注册协议》. The national text is not among the seeds; these are its clauses' substance —
 * who may register and with what, the account is one's own, lawful use, personal information, service
 * interruptions, the shared account — as they hold for this system.
 */
export const ACCOUNT_AGREEMENT_CLAUSES = [
  '申请人须使用本人有效身份证件注册账号，证件号码为账号的唯一标识；填写的姓名、证件、安全邮箱和手机号码等信息须真实、准确、完整，发生变化时应及时更新。',
  '账号仅限申请人本人使用，不得转让、出借或出售。申请人应妥善保管账号和密码，因个人原因造成密码泄露、账号被盗用的后果由申请人承担；发现账号被他人使用时，应立即修改密码并联系注册机构。',
  '申请人应遵守国家法律法规，不得利用本系统从事违法活动，不得干扰本系统的正常运行，不得冒用他人身份或提交虚假材料。',
  '本系统依法保护申请人的个人信息，仅将其用于教师资格相关业务。未经本人同意，不会公开或向第三方提供，法律法规另有规定或有权机关依法要求的除外。',
  '因系统维护、升级或不可抗力等原因造成的服务中断，本系统将尽可能提前公告，不承担由此引起的直接或间接责任。',
  '同一账号可办理本系统提供的各项教师资格业务；申请人完成实名认证后方可办理业务。',
];

export const PROMISE_TEXT = '本人所填写信息及提交的注册材料真实可靠。若存在弄虚作假行为，本人将承担一切法律后果。';

export const MUST_READ = {
  intro: '根据《中华人民共和国教师法》《教师资格条例》《〈教师资格条例〉实施办法》和《教育部关于印发〈中小学教师资格考试暂行办法〉〈中小学教师资格定期注册暂行办法〉的通知》等规定，国家对入职后的中小学教师的从教资格进行定期核查。',
  scope: '公办普通中小学、中等职业学校和幼儿园在编在岗教师须进行注册，部分省份将依法举办的民办普通中小学、中等职业学校和幼儿园教师纳入注册范围。具体请参见本地区省级教育行政部门的规定和定期注册机构的公告或通知。',
  first: ['具有与任教岗位相应的教师资格；', '聘用为中小学在编在岗教师；', '省级教育行政部门规定的其他条件。'],
  firstNote: '对于首次任教人员须试用期满且考核合格。',
  periodic: [
    '遵守国家法律法规和《中小学教师职业道德规范》，达到省级教育行政部门规定的师德考核评价标准，有良好的师德表现；',
    '每年年度考核合格以上等次；',
    '每个注册有效期内完成不少于国家规定的360个培训学时或省级教育行政部门规定的等量学分；',
    '身心健康，胜任教育教学工作；',
    '省级教育行政部门规定的其他条件。',
  ],
  materials: ['《教师资格定期注册申请表》一式2份；', '《教师资格证书》；', '注册机构要求的其他材料（师德表现证明、年度考核证明、培训证明等）。'],
};
