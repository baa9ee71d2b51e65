"""Extraction of any official notice: duties read from the sentence, who is bound read by grammar.

Every phrase here is written for these tests (none is copied from the seeds): unknown subjects,
non-telecom bodies, short notices without numbered sections, web-copy punctuation, laws with
第X条 articles. Each test builds a small notice around the phrase and runs the whole extractor.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.api import extract_file
from pipeline.extract.bound import bound_parties
from pipeline.extract.subjects import find_subject, resolve_part
from pipeline.records import Obligation

HEAD = "河南省通信管理局\n豫通函〔2024〕21号\n\n关于做好有关工作的通知\n\n各基础电信企业：\n\n"
TAIL = "\n\n河南省通信管理局\n2024年5月6日\n"


def _extract(tmp_path: Path, body: str, *, head: str = HEAD, tail: str = TAIL) -> tuple[Obligation, ...]:
    path = tmp_path / "notice.txt"
    path.write_text(head + body + tail, encoding="utf-8")
    return extract_file(path).obligations


# --- a short notice: every directive sentence counts wherever it stands -------------------


def test_a_five_line_notice_yields_its_duties(tmp_path: Path) -> None:
    body = "各基础电信企业应于2024年6月30日前完成自查，并将自查报告报送我局。请于7月15日前报送整改情况。"
    first, second = _extract(tmp_path, body)
    assert first.actors == ("基础电信企业",) and not first.implied_actor
    assert first.deadline is not None and first.deadline.date == date(2024, 6, 30)
    assert first.report_to == "河南省通信管理局"
    assert second.deadline is not None and second.deadline.date == date(2024, 7, 15)
    assert second.actors == ("基础电信企业",) and second.implied_actor  # 请 speaks to the addressees


@pytest.mark.parametrize(
    ("sentence", "actors", "written"),
    [
        ("上述APP应于2024年5月10日前完成整改。", ("互联网企业",), "上述APP"),
        ("相关应用商店应在5月20日前下架未整改的APP。", ("应用商店",), "相关应用商店"),
        ("相关应用商店应在接到通知后24小时内予以下架。", ("应用商店",), "相关应用商店"),  # 以下 is no lead-in
        ("持证单位均应按时参加年报。", ("持证单位",), "持证单位"),
        ("建设单位应当按照标准配套建设通信设施。", ("建设单位",), "建设单位"),
        ("公安机关将依法打击破坏通信设施的违法行为。", ("公安机关",), "公安机关"),
        ("省公安厅负责组织查处盗窃通信线路案件。", ("公安机关",), "省公安厅"),
        ("县级以上人民政府应当将通信设施建设纳入规划。", ("县级以上人民政府",), "县级以上人民政府"),
        ("任何单位和个人不得擅自拆除通信设施。", ("任何单位和个人",), "任何单位和个人"),
        ("电信业务经营者应当建立用户投诉处理制度。", ("基础电信企业", "增值电信企业"), "电信业务经营者"),
        ("各银行业金融机构要配合开展涉诈账户核查。", ("银行业金融机构",), "各银行业金融机构"),
        (
            "市住房和城乡建设局、市自然资源和规划局要做好配套审查。",
            ("住房城乡建设主管部门", "自然资源主管部门"),
            None,
        ),
        ("我局将对整改情况进行抽查。", ("通信管理局",), "我局"),
        ("物业服务企业不得阻挠通信设施进场施工。", ("物业服务企业",), "物业服务企业"),
        ("处理重要数据的数据处理者应当每年开展风险评估。", ("数据处理者",), None),
        # a branch addressed alone is kept beside its kind; listed with whole kinds it stands for its kind
        (
            "中国移动河南有限公司要在6月底前完成基站巡检。",
            ("基础电信企业", "中国移动河南有限公司"),
            "中国移动河南有限公司",
        ),
        ("各基础电信企业和中国铁塔河南省分公司要在6月底前完成基站巡检。", ("基础电信企业", "中国铁塔"), None),
        (
            "中国信息通信研究院河南分院要每半年形成一次评估报告。",
            ("中国信息通信研究院", "中国信息通信研究院河南分院"),
            "中国信息通信研究院河南分院",
        ),
        # a party coordinated with the subject is a subject too
        (
            "电信业务经营者和铁塔公司新建通信基础设施，应当坚持共建共享。",
            ("基础电信企业", "增值电信企业", "中国铁塔"),
            None,
        ),
        # a company by its registered name, place words kept; a utility by its type, its name beside
        ("长沙市轨道交通集团有限公司要在地铁站点实现5G覆盖。", ("长沙市轨道交通集团有限公司",), None),
        ("国网郑州供电公司要为5G基站用电报装开辟绿色通道。", ("供电企业", "国网郑州供电公司"), None),
        # a merged bureau is one body, named by its first function
        ("市住房城乡建设和水利局要做好配套审查。", ("住房城乡建设主管部门",), "市住房城乡建设和水利局"),
        ("市城市管理和综合执法局要开放路灯杆资源。", ("城市管理部门",), "市城市管理和综合执法局"),
        # the field's bodies at county level are the county regulators
        ("各区工业和信息化主管部门要于12月15日前报送检查总结。", ("县区工业和信息化主管部门",), None),
        ("各县（市、区）经济和信息化主管部门要推动公共建筑开放。", ("县区工业和信息化主管部门",), None),
        ("市工业和信息化局要加强统筹调度。", ("工业和信息化主管部门",), None),
        # property owners are a party; the summoned enterprises are the ones the notice speaks of
        ("物业服务企业、楼宇业主不得签订排他性协议。", ("物业服务企业", "楼宇业主"), None),
        # a level written with its alternates in brackets is a place word
        ("各市（州）通信发展管理办公室要加强日常巡查。", ("通信发展管理办公室",), None),
        ("各区县（市）人民政府要开放公共资源。", ("县级人民政府",), None),
        # departments of a level of government listed by function: that level's departments
        (
            "县级以上人民政府发展改革、自然资源、住房城乡建设、交通运输、公安等有关部门应当做好保护工作。",
            ("县级以上人民政府有关部门",),
            None,
        ),
        # a partner opening a later clause of the same subject is bound too
        (
            "市应急管理局要加强统筹协调，会同当地公安机关依法查处违法行为。",
            ("应急管理部门", "公安机关"),
            None,
        ),
    ],
)
def test_the_subject_is_who_is_bound(
    tmp_path: Path, sentence: str, actors: tuple[str, ...], written: str | None
) -> None:
    (obligation,) = _extract(tmp_path, sentence)
    assert obligation.actors == actors
    assert not obligation.implied_actor
    if written is not None:
        assert written in obligation.actors_as_written


@pytest.mark.parametrize(
    ("sentence", "actors"),
    [
        ("要求各移动转售企业在本月底前完成清理。", ("移动转售企业",)),  # 要求X: X is bound
        ("请各单位于6月10日前报送联系人。", ("各单位",)),
        ("禁止任何单位和个人破坏通信线路。", ("任何单位和个人",)),
        ("通信配套设施应当由建设单位同步建设。", ("建设单位",)),  # 由X: the agent
        ("省通信管理局应当会同省公安厅组织联合检查。", ("通信管理局", "公安机关")),  # 会同Y: Y too
        ("鼓励物业服务企业开放楼宇资源。", ("物业服务企业",)),
    ],
)
def test_parties_named_by_verbs(tmp_path: Path, sentence: str, actors: tuple[str, ...]) -> None:
    (obligation,) = _extract(tmp_path, sentence)
    assert obligation.actors == actors


@pytest.mark.parametrize(
    "sentence",
    [
        "近年来，全省信息通信业保持平稳发展，5G用户将达到3000万户。",  # a forecast, no party
        "我局高度重视个人信息保护工作。",  # a statement of the issuer
        "收到涉诈短信的，请提高警惕，切勿向陌生账户转账。",  # advice to the public
        "用户如需咨询，可以拨打12300申诉电话。",  # a permission
        "为进一步规范市场秩序，切实维护用户权益，现就有关事项通知如下：",  # the notice's lead-in
        "抽检发现，部分企业仍存在未经同意收集个人信息的问题。",  # a finding, not a directive
        "为规范市场秩序，切实保护用户权益，我局决定开展专项检查。",  # the purpose runs on to 我局
        "整改要求",  # a heading line
    ],
)
def test_sentences_that_bind_nobody(tmp_path: Path, sentence: str) -> None:
    assert _extract(tmp_path, sentence) == ()


def test_web_copy_markers_and_half_width_punctuation(tmp_path: Path) -> None:
    body = (
        "一. 工作要求\n\n"
        "(一) 自查整改. 各企业要于2024 年 6 月 30 日前完成自查, 并将报告报送我局.\n\n"
        "二．工作安排\n\n"
        "1. 相关企业不得在检查期间临时扩容.\n"
    )
    obligations = _extract(tmp_path, body)
    assert [o.modality for o in obligations] == ["must", "must_not"]
    assert obligations[0].deadline is not None and obligations[0].deadline.date == date(2024, 6, 30)
    assert obligations[0].text.startswith("各企业要")  # "自查整改." is the item's title, not a unit


def test_an_inspection_scope_and_a_list_of_things_bind_only_through_their_lead_in(tmp_path: Path) -> None:
    body = (
        "一、检查内容\n"
        "（一）重点检查企业是否按要求公示资费。\n"
        "二、申报要求\n"
        "申请单位应当提交下列材料：\n"
        "（一）企业基本情况；\n"
        "（二）营业执照复印件。\n"
    )
    (obligation,) = _extract(tmp_path, body)
    assert obligation.text == "申请单位应当提交下列材料：" and obligation.actors == ("申请单位",)


def test_web_chrome_after_the_signature_is_not_read(tmp_path: Path) -> None:
    tail = TAIL + "【打印本页】【关闭窗口】\n主办单位：河南省通信管理局 如需转载，请注明来源\n"
    assert len(_extract(tmp_path, "各基础电信企业要于6月底前完成整改。", tail=tail)) == 1


def test_inline_notes_give_actors_and_deadline(tmp_path: Path) -> None:
    body = (
        "一、重点任务\n"
        "（一）开展通信线路隐患排查，建立问题台账。"
        "（牵头单位：省通信管理局；责任单位：各基础电信企业、中国铁塔河南省分公司；完成时限：2024年9月底）\n"
    )
    (obligation,) = _extract(tmp_path, body)
    assert obligation.actors == ("通信管理局", "基础电信企业", "中国铁塔")
    assert obligation.deadline is not None and obligation.deadline.date == date(2024, 9, 30)


LAW_HEAD = (
    "河南省通信设施保护条例\n\n（2024年9月20日河南省第十四届人民代表大会常务委员会第十一次会议通过）\n\n"
)


def test_a_law_binds_by_its_articles_not_by_its_provisions(tmp_path: Path) -> None:
    body = (
        "第一章　总则\n"
        "第一条　为了保护通信设施，根据有关法律、行政法规，结合本省实际，制定本条例。\n"
        "第二条　本条例所称通信设施，是指通信线路、基站等设施。\n"
        "第三条　县级以上人民政府应当加强对通信设施保护工作的领导。\n"
        "第四条　任何单位和个人有权对危害通信设施的行为进行举报。\n"
        "第五条　禁止任何单位和个人从事下列行为：\n"
        "（一）盗窃、损毁通信线路；\n"
        "（二）擅自迁改通信设施。\n"
        "第二章　法律责任\n"
        "第六条　违反本条例第五条规定的，由公安机关依法处理；构成犯罪的，依法追究刑事责任。\n"
        "第七条　本条例自2025年1月1日起施行。\n"
    )
    path = tmp_path / "law.txt"
    path.write_text(LAW_HEAD + body, encoding="utf-8")
    extraction = extract_file(path)
    texts = [o.text for o in extraction.obligations]
    assert len(texts) == 4, texts  # 第三条, the lead-in of 第五条 and its two items
    assert all(o.actors in (("县级以上人民政府",), ("任何单位和个人",)) for o in extraction.obligations)
    assert [o.modality for o in extraction.obligations[1:]] == ["must_not"] * 3
    meta = extraction.notice.meta
    assert meta.issuers == ("河南省人民代表大会常务委员会",)
    assert meta.issued == date(2024, 9, 20)
    assert (meta.level, meta.region) == ("provincial", "河南省")


def test_a_prohibition_of_a_law_that_names_no_one_binds_everyone(tmp_path: Path) -> None:
    body = (
        "第一条　为了保护通信设施，制定本条例。\n"
        "第二条　在通信线路安全保护范围内，禁止下列行为：\n"
        "（一）挖沟、取土、爆破；\n"
        "（二）堆放易燃易爆物品。\n"
        "第三条　从事施工活动，不得危及通信设施安全。\n"
        "第四条　产权单位应当定期巡查通信设施；不得擅自停止服务。\n"
    )
    path = tmp_path / "law.txt"
    path.write_text(LAW_HEAD + body, encoding="utf-8")
    obligations = extract_file(path).obligations
    everyone = [o for o in obligations if o.actors == ("任何单位和个人",)]
    assert len(everyone) == 4, [(o.text, o.actors) for o in obligations]  # 第二条, its items, 第三条
    assert all(o.implied_actor and o.actor_basis in ("law_prohibition", "carried") for o in everyone)
    # a prohibition after a named subject stays with it
    assert [o.actors for o in obligations if "巡查" in o.text or "停止服务" in o.text] == [("产权单位",)] * 2


def test_a_law_assigns_tasks_by_mandate_and_partnership(tmp_path: Path) -> None:
    body = (
        "第一条　为了保护通信设施，制定本条例。\n"
        "第二条　省通信管理局会同省自然资源主管部门组织编制全省通信设施专项规划。\n"
        "第三条　无线电管理机构按照职责分工，负责本行政区域内的无线电管理工作。\n"
        "第四条　发展改革、自然资源、交通运输、公安等部门按照各自职责，做好通信设施保护工作。\n"
    )
    path = tmp_path / "law.txt"
    path.write_text(LAW_HEAD + body, encoding="utf-8")
    actors = [o.actors for o in extract_file(path).obligations]
    assert actors == [
        ("通信管理局", "自然资源主管部门"),
        ("无线电管理机构",),
        ("发展改革部门", "自然资源主管部门", "交通运输主管部门", "公安机关"),
    ]


@pytest.mark.parametrize(
    "header",
    ["序号\t任务\t牵头单位\t配合单位\t完成时限", "序号\t重点事项\t牵头部门\t配合部门\t截止时间"],
)
def test_a_task_table_under_any_common_heading_binds_its_units(tmp_path: Path, header: str) -> None:
    body = (
        "现将任务分工印发给你们，请认真抓好落实。\n\n"
        f"{header}\n"
        "1\t城市道路新建工程同步预留通信管道\t市住房和城乡建设局\t市交通运输局\t2024年10月31日\n"
        "2\t依法打击破坏通信设施违法犯罪行为\t市公安局\t各县（区）人民政府\t年内\n"
    )
    rows = [o for o in _extract(tmp_path, body) if "\t" in o.text]
    assert [o.actors for o in rows] == [
        ("住房城乡建设主管部门", "交通运输主管部门"),
        ("公安机关", "县级人民政府"),
    ]
    assert [o.deadline.date if o.deadline else None for o in rows] == [date(2024, 10, 31), date(2024, 12, 31)]


def test_a_licence_notice_binds_the_holders_it_speaks_of(tmp_path: Path) -> None:
    head = "河南省通信管理局公告\n2024年第3号\n\n关于注销部分企业增值电信业务经营许可证的公告\n\n"
    body = (
        "我局决定注销郑州某某科技有限公司等5家企业的增值电信业务经营许可证。\n"
        "上述企业不得继续经营许可证载明的电信业务。\n"
        "相关企业应于2024年10月31日前交回原经营许可证。\n"
        "为上述企业提供网络接入服务的基础电信企业和互联网数据中心企业，应当在十个工作日内停止接入。\n"
    )
    actors = [o.actors for o in _extract(tmp_path, body, head=head)]
    assert actors == [("增值电信企业",), ("增值电信企业",), ("基础电信企业", "增值电信企业")]


# --- the grammar on its own ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "kind"),
    [
        ("市场监督管理局", "市场监管部门"),  # never 市 + 场监督管理局
        ("各区人民政府", "区人民政府"),
        ("有关部门", "有关部门"),
        ("施工单位主要负责人", "施工单位"),
        ("各县（市、区）人民政府", "县级人民政府"),
    ],
)
def test_parts_resolve_to_types(part: str, kind: str | None) -> None:
    party = resolve_part(part)
    assert (party.kind if party else None) == kind


def test_no_alias_inside_a_longer_name() -> None:
    assert bound_parties("市场监管局要加强价格监督检查。", imperative_ok=False) is not None
    found = bound_parties("市场监管局要加强价格监督检查。", imperative_ok=False)
    assert found is not None and [p.kind for p in found.parties] == ["市场监管部门"]


# --- a property: any subject + modal + 于DATE前 + verb is one duty with that subject and date ----

HEADS = ("单位", "企业", "公司", "部门", "机构", "中心", "平台")
MODALS = ("应", "要", "须", "应当", "必须")
VERBS = ("完成自查", "报送材料", "完成整改", "开展排查", "落实要求")
_NAME = st.text(alphabet="甲乙丙丁戊己庚辛壬癸星辰河山林泽", min_size=2, max_size=5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=_NAME,
    head=st.sampled_from(HEADS),
    modal=st.sampled_from(MODALS),
    verb=st.sampled_from(VERBS),
    month=st.integers(6, 12),
    day=st.integers(1, 28),
    numbered=st.booleans(),
)
def test_any_subject_modal_date_verb_is_one_duty(
    tmp_path: Path, name: str, head: str, modal: str, verb: str, month: int, day: int, numbered: bool
) -> None:
    subject = name + head
    sentence = f"{subject}{modal}于2024年{month}月{day}日前{verb}。"
    body = ("一、工作要求\n（一）" + sentence) if numbered else sentence
    (obligation,) = _extract(tmp_path, body)
    assert obligation.actors == (subject,)
    assert obligation.deadline is not None and obligation.deadline.date == date(2024, month, day)
    found = find_subject(sentence, 0, len(subject))
    assert found is not None and found.surface == subject
