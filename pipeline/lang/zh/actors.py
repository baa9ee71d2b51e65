"""How official Chinese writing names who must act: subjects, pronouns, quantifiers, heads.

Grammar only; which organisations a field knows by name lives in a domain pack
(pipeline/domains/telecom/actors.py). A subject is a noun phrase that opens a clause, may
start with a place word or a quantifier (全省, 各, 相关, 上述), and ends in a head noun that
names an organisation or a role (单位, 企业, 部门, 机关, 者 …).
"""

from __future__ import annotations

# Words whose referent is decided by context: the enterprises named nearby, else those addressed.
RELATED_ENTERPRISES: tuple[str, ...] = ("各相关企业", "相关企业", "有关企业", "各有关企业", "属地企业")
# Every enterprise addressed: a bare head with no name before it (各企业, 市级公司, 具备条件的企业).
WHOLE_INDUSTRY: tuple[str, ...] = (
    "各企业",
    "全行业",
    "各类企业",
    "行业各企业",
    "各家企业",
    "企业",
    "公司",
    "分公司",
)
# "Each of you": whoever the notice is addressed to.
ADDRESSEE_PRONOUNS: tuple[str, ...] = ("你们", "你局", "你公司", "你厅", "你委", "你办")
# Everyone addressed, by a generic word.
EVERYONE_ADDRESSED: tuple[str, ...] = (
    "各单位",
    "你单位",  # "your unit", said to each addressee: ANNOTATION.md's 各单位
    "贵单位",
    "有关单位",
    "各有关单位",
    "相关单位",
    "各相关单位",
    "成员单位",
    "各成员单位",
    "责任单位",
    "各责任单位",
    "牵头单位",
    "各牵头单位",
    "配合单位",
    "各配合单位",
)
# The issuer's own voice: resolved to the issuing authority.
SELF_REFERENCES: tuple[str, ...] = ("我部", "我局", "本局", "我委", "我厅", "我办", "本部", "本机关", "我们")
# Suffixes of an authority's internal division: it acts for its authority (信息通信管理处 → the 局).
INTERNAL_DIVISION_SUFFIXES: tuple[str, ...] = ("管理处", "相关处室", "处室")

# Verbs by which an authority steers another party ("推进基础电信企业…"): both are bound.
STEERING_VERBS: tuple[str, ...] = ("推进", "推动", "督促", "指导", "引导", "组织")
# A name right after these is an object, not the one who acts: 向我局报告, 为用户, 对企业.
OBJECT_PREPOSITIONS: tuple[str, ...] = (
    "向",
    "为",
    "给",
    "对",
    "报送",
    "函报",
    "上报",
    "抄送",
    "报",
    "会同",
    "配合",
)
# A name inside "按照X的部署 / 根据X要求" is whose rule it is, not who acts.
AUTHORITY_FRAME = r"(?:按照|根据|依据|按)[^，。；]{0,20}?的?(?:统筹)?(?:部署|要求|规定|安排)"

# --- the subject noun phrase ------------------------------------------------------------

# Words that may open a subject before its name: quantifiers and determiners.
SUBJECT_DETERMINERS: tuple[str, ...] = (
    "各级",
    "各类",
    "各有关",
    "各相关",
    "各",
    "相关",
    "有关",
    "上述",
    "以上",
    "所有",
    "全体",
    "其他",
    "本",
    "该",
    "涉事",
    "被通报",
    "被约谈",
    "被检查",
    "未整改",
    "属地",
)
# Place words before a name: 全省, 我省, 省内, 本市, 辖区内 (a named province or city is read by
# the gazetteer, see subjects.py).
PLACE_WORDS: tuple[str, ...] = (
    "全国",
    "全省",
    "全市",
    "全区",
    "全县",
    "我省",
    "我市",
    "我区",
    "本省",
    "本市",
    "本区",
    "省内",
    "市内",
    "辖区内",
    "辖区",
    "各地",
    "各省",
    "各市",
    "省级",
    "市级",
    "县级",
    "地市级",
    "省",
    "市",
    "县",
    "区",
)
# The alternates of an administrative level, in brackets after it (各市（州）, 各区县（市）,
# 各县（市、区）): part of the place word before them.
LEVEL_ALTERNATES = r"[（(][省市县区州盟旗、]{1,5}[）)]"
# Words that open a clause before its subject: 凡, 同时, 此外 ….
CLAUSE_OPENERS: tuple[str, ...] = (
    "凡",
    "凡是",
    "同时",
    "此外",
    "另外",
    "其中",
    "对此",
    "为此",
    "因此",
    "今后",
)
# Words that hold a conjunction but are one name: never split at their 和 / 与.
# Words that join coordinated parties (省通信管理局、各基础电信企业和中国铁塔; longest first).
COORDINATORS: tuple[str, ...] = ("以及", "、", "和", "及", "与", "或")
CONJOINED_WORDS: tuple[str, ...] = (
    "工业和信息化",
    "住房和城乡建设",
    "自然资源和规划",
    "人力资源和社会保障",
    "文化和旅游",
    "发展和改革",
    "科学技术和",
    "生态环境和",
    "单位和个人",
    "组织和个人",
    "设置、使用",
)
# Quantifiers kept with a head that means "anyone": 任何单位和个人, 其他单位和个人.
KEPT_DETERMINER_HEADS: tuple[str, ...] = ("单位和个人", "组织和个人")
# Prepositions: a phrase they open is an object or an adverbial, never the subject.
PREPOSITIONS: tuple[str, ...] = (
    "对于",
    "对",
    "向",
    "为",
    "给",
    "把",
    "在",
    "于",
    "从",
    "自",
    "按照",
    "根据",
    "经",
)
# A company's registered name ends so; its place words are part of the name (长沙市轨道交通集团
# 有限公司), not a jurisdiction to strip.
COMPANY_NAME_ENDINGS: tuple[str, ...] = ("公司", "集团")
# Companies of a public-utility type bind as that type, their name kept beside it when alone.
COMPANY_TYPES: dict[str, str] = {"供电公司": "供电企业", "供水公司": "供水企业", "燃气公司": "燃气企业"}
# A place prefix naming the county level (各区, 县（市、区）, 县级市（区）, 区县); 全区, 辖区 and
# 自治区 name no level.
COUNTY_LEVEL = r"(?<![全辖治])[县区]"
# Prepositions of whom a service is for (为/向/给 X 提供…): the phrase they open can be a
# relative clause before its head (为上述企业提供接入服务的基础电信企业，应当…).
BENEFACTIVE_PREPOSITIONS: tuple[str, ...] = ("为", "向", "给")
# Verbs that open a task, never a name: a phrase opening with one is no party (请[组织…]).
IMPERATIVE_OPENINGS: tuple[str, ...] = (
    "组织",
    "开展",
    "推进",
    "推动",
    "加强",
    "落实",
    "建立",
    "做好",
    "完成",
    "督促",
    "指导",
    "协调",
    "研究",
    "结合",
    "认真",
    "按照",
    "根据",
    "对照",
    "加快",
)
# Officers of a body: "施工单位主要负责人…负责" binds the body.
PERSON_TITLES: tuple[str, ...] = ("主要负责人", "负责人", "法定代表人")
# Heads that say nothing without their quantifier: 有关部门, 相关单位, 其他机构.
GENERIC_HEADS: tuple[str, ...] = ("部门", "单位", "机构", "机关", "组织")
# Heads that name people, not bodies: "X将…" after them is a forecast (5G用户将达到…), no duty.
PERSON_HEADS: tuple[str, ...] = ("用户", "个人", "人员", "群众", "市民", "公众", "消费者")

# Heads of a noun phrase that names an organisation or a role (longest first when matched).
SUBJECT_HEADS: tuple[str, ...] = (
    "单位和个人",
    "组织和个人",
    "人民政府",
    "主管部门",
    "管理部门",
    "管理机构",
    "金融机构",
    "经营者",
    "运营者",
    "提供者",
    "处理者",
    "开发者",
    "使用者",
    "所有人",
    "管理人",
    "负责人",
    "委员会",
    "领导小组",
    "工作组",
    "办公室",
    "运营商",
    "业主",
    "单位",
    "企业",
    "公司",
    "集团",
    "部门",
    "机关",
    "机构",
    "商店",
    "平台",
    "中心",
    "人员",
    "用户",
    "个人",
    "政府",
    "协会",
    "学会",
    "学校",
    "医院",
    "银行",
    "者",
    "局",
    "厅",
    "委",
    "办",
    "部",
    "院",
)
# How the words between a subject and its directive word may begin: adverbials of time, place,
# manner or frame (各企业[在活动期间]要…, 建设单位[依法]应当…, 省公安厅[会同…]负责…).
SUBJECT_LEADS: tuple[str, ...] = (
    "在",
    "于",
    "对",
    "因",
    "如",
    "按照",
    "按",
    "根据",
    "依据",
    "依照",
    "依法",
    "自",
    "从",
    "向",
    "为",
    "与",
    "同",
    "会同",
    "联合",
    "配合",
    "共同",
    "分别",
    "将",
    "均",
    "都",
    "也",
    "还",
    "一律",
    "及时",
    "立即",
    "切实",
    "认真",
    "严格",
    "进一步",
    "积极",
    "尽快",
    "主动",
    "全面",
    "结合",
    "针对",
    "通过",
    "每",
    "原则上",
    "务必",
    "必须",
    "应当",
    "应",
    "要",
    "须",
    "需",
    "不",
)
# What the modal word's subject must not be: 时间, 内容, 标准 … name things, not parties.
NOT_PARTY_HEADS: tuple[str, ...] = (
    "时间",
    "内容",
    "标准",
    "期限",
    "范围",
    "材料",
    "报告",
    "方案",
    "数据",
    "营业厅",
    "办事大厅",
    "服务中心",
)

# Public bodies named by their type (ANNOTATION.md: role or body type, no place words).
# Key: how a body's name ends; value: the type written for it.
GOVERNMENT_ROLES: dict[str, str] = {
    "公安厅": "公安机关",
    "公安局": "公安机关",
    "公安分局": "公安机关",
    "公安机关": "公安机关",
    "公安部门": "公安机关",
    "住房和城乡建设厅": "住房城乡建设主管部门",
    "住房和城乡建设局": "住房城乡建设主管部门",
    "住房城乡建设部门": "住房城乡建设主管部门",
    "住房城乡建设主管部门": "住房城乡建设主管部门",
    "住房和城乡建设主管部门": "住房城乡建设主管部门",
    "住建局": "住房城乡建设主管部门",
    "住建部门": "住房城乡建设主管部门",
    "自然资源厅": "自然资源主管部门",
    "自然资源局": "自然资源主管部门",
    "自然资源和规划局": "自然资源主管部门",
    "自然资源主管部门": "自然资源主管部门",
    "自然资源部门": "自然资源主管部门",
    "市场监督管理局": "市场监管部门",
    "市场监管局": "市场监管部门",
    "市场监管部门": "市场监管部门",
    "市场监督管理部门": "市场监管部门",
    "发展改革委": "发展改革部门",
    "发展和改革委员会": "发展改革部门",
    "发展改革部门": "发展改革部门",
    "交通运输厅": "交通运输主管部门",
    "交通运输局": "交通运输主管部门",
    "交通运输主管部门": "交通运输主管部门",
    "教育厅": "教育主管部门",
    "教育局": "教育主管部门",
    "教育主管部门": "教育主管部门",
    "卫生健康委": "卫生健康主管部门",
    "卫生健康委员会": "卫生健康主管部门",
    "卫生健康主管部门": "卫生健康主管部门",
    "网信办": "网信部门",
    "网信部门": "网信部门",
    "无线电管理机构": "无线电管理机构",
    "无线电管理委员会": "无线电管理机构",
    "工业和信息化局": "工业和信息化主管部门",
    "工业和信息化厅": "工业和信息化主管部门",
    "工业和信息化委员会": "工业和信息化主管部门",
    "经济和信息化局": "工业和信息化主管部门",
    "经济和信息化委员会": "工业和信息化主管部门",
    "工信局": "工业和信息化主管部门",
    "经济和信息化主管部门": "工业和信息化主管部门",
    "经信局": "工业和信息化主管部门",
    "工业和信息化主管部门": "工业和信息化主管部门",
    "住房城乡建设局": "住房城乡建设主管部门",
    "住房城乡建设厅": "住房城乡建设主管部门",
    "城市管理局": "城市管理部门",
    "城市管理综合执法局": "城市管理部门",
    "综合行政执法局": "城市管理部门",
    "城管局": "城市管理部门",
    "城市管理部门": "城市管理部门",
    "水利局": "水利部门",
    "水利厅": "水利部门",
    "机关事务管理局": "机关事务管理部门",
    "文化和旅游局": "文化和旅游部门",
    "文化和旅游厅": "文化和旅游部门",
    "应急管理局": "应急管理部门",
    "应急管理厅": "应急管理部门",
    "财政局": "财政部门",
    "财政厅": "财政部门",
    "县（市、区）人民政府": "县级人民政府",
    "县（市、区）政府": "县级人民政府",
    "县（区）人民政府": "县级人民政府",
    "县（市）人民政府": "县级人民政府",
    "区县（市）人民政府": "县级人民政府",
    "市政府": "市人民政府",
}
# Members of the public: advice to them (请广大用户…, 敬请…) is no duty.
PUBLIC_WORDS: tuple[str, ...] = (
    "广大用户",
    "广大群众",
    "广大市民",
    "市民",
    "群众",
    "公众",
    "消费者",
    "网民",
    "社会各界",
)
# Advice to the public, not a duty: 请提高警惕, 切勿转账, 谨防诈骗.
ADVICE_WORDS: tuple[str, ...] = (
    "提高警惕",
    "切勿",
    "谨防",
    "敬请",
    "提醒广大",
    "请广大",
    "请群众",
    "请市民",
    "请公众",
)
# A passive agent: 由X负责…, 应当由X提供… — X is bound.
AGENT_MARKERS: tuple[str, ...] = ("由",)
# Partners acting with the subject: X会同Y…, X联合Y… — Y is bound too.
PARTNER_MARKERS: tuple[str, ...] = ("会同", "联合", "协同")
