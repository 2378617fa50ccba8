//! The example book's planted risks (situations 3 to 8 of `story.rs`): an old open
//! complaint, a lost deal without a reason, an orphaned account, a single-threaded A
//! account, an account over its credit limit, and one without a decision-maker.

use super::history::{Mood, OrderShape};
use super::model::{Account, Complaint, Kind};
use super::scene::{Scene, buying, credit, next, potential, rival, tags, ymd};

/// (3) and (8) An open complaint from 40 days ago, and a lost deal that does not say why.
pub(crate) fn open_complaint(s: &mut Scene) -> Account {
    let team = [("zhou-hao", "service"), ("sun-li", "presales")];
    let mut a = s.account(("wuxi-huitong-coach", "无锡惠通客运有限公司"), "enterprise", "B", "wang-fang", &team);
    a.industry = "passenger-transport".into();
    a.since = Some(ymd(2021, 5, 10));
    a.tags = tags(&["fleet"]);
    a.credit = credit(3_000_000, 60, "A");
    a.potential = potential(30, 12_600_000);
    a.competitors = vec![rival("长江汽车销售", "challenger", "客车维修响应快")];
    s.cast(
        &mut a,
        &[
            ("yuan-gang", "袁刚", "总经理", &["decision-maker"], "neutral", 5, "li-qiang"),
            ("peng-yan", "彭艳", "采购经理", &["purchaser"], "skeptic", 3, "wang-fang"),
            ("tian-ming", "田明", "机务科科长", &["technical"], "opponent", 3, "zhou-hao"),
            ("han-xia", "韩霞", "办公室主任", &["liaison"], "supporter", 2, "wang-fang"),
        ],
    );
    let price = 420_000;
    s.opportunity(
        &mut a,
        ("shuttle-buses-2025", "2025 通勤客车采购 (8 辆)"),
        "won",
        8 * price,
        s.t(-520),
        &["yuan-gang", "peng-yan"],
        &[],
        None,
    );
    // (8) The one lost deal without a reason.
    s.opportunity(
        &mut a,
        ("shuttle-buses-2026", "2026 二期客车采购 (12 辆)"),
        "lost",
        12 * price,
        s.t(-20),
        &["peng-yan", "tian-ming"],
        &["长江汽车销售"],
        None,
    );
    let orders = OrderShape {
        from: ymd(2021, 5, 10).max(s.registry.start),
        until: s.t(-50),
        every_days: 75,
        pay_until: s.today,
        last: s.t(-42),
        steady: true,
    };
    s.past(&mut a, &buying("通勤客车", price, 3, 60), &orders, 20, s.t(-42), Mood::Normal);
    let complaint = Complaint { severity: "high", status: "open", resolved_on: None };
    s.plant(
        &mut a,
        s.t(-40),
        Kind::Complaint(complaint),
        "complaint-ac-fault",
        "6 辆新客车空调故障，客户要求整车更换",
        &["zhou-hao"],
        &["tian-ming"],
        Some("negative"),
    );
    s.plant(
        &mut a,
        s.t(-25),
        Kind::Call,
        "call-phase-two",
        "彭艳：空调问题解决前暂停二期采购评估",
        &["wang-fang"],
        &["peng-yan"],
        Some("negative"),
    );
    let visit = s.plant(
        &mut a,
        s.t(-12),
        Kind::Visit,
        "ac-inspection",
        "现场检测空调，厂家维修方案未定",
        &["zhou-hao", "sun-li"],
        &["tian-ming"],
        Some("neutral"),
    );
    visit.next = next("提交厂家维修方案", s.t(-5), "zhou-hao", false);
    s.plant(
        &mut a,
        s.t(-4),
        Kind::Message,
        "wechat-followup",
        "微信向韩霞同步维修进度",
        &["wang-fang"],
        &["han-xia"],
        None,
    );
    a
}

/// (4) The owner left; the team keeps the account warm, his promises are still open.
pub(crate) fn orphaned(s: &mut Scene) -> Account {
    let team = [("chen-jing", "sales-manager"), ("zhou-hao", "service")];
    let mut a = s.account(("kunshan-express", "昆山顺捷快运有限公司"), "enterprise", "B", "zhao-lei", &team);
    a.industry = "logistics".into();
    a.since = Some(ymd(2023, 2, 20));
    a.tags = tags(&["logistics"]);
    a.credit = credit(1_500_000, 60, "BBB");
    a.potential = potential(35, 4_100_000);
    s.cast(
        &mut a,
        &[
            ("cai-wenbo", "蔡文博", "总经理", &["decision-maker"], "supporter", 4, "zhao-lei"),
            ("yao-jing", "姚静", "采购专员", &["purchaser", "liaison"], "supporter", 3, "zhao-lei"),
            ("ren-xiaodong", "任晓东", "车队经理", &["technical"], "neutral", 3, "zhou-hao"),
        ],
    );
    s.opportunity(
        &mut a,
        ("fleet-renewal-2027", "2027 车辆更新 (15 辆)"),
        "proposal",
        15 * 118_000,
        s.t(30),
        &["cai-wenbo", "yao-jing"],
        &[],
        None,
    );
    let orders = OrderShape {
        from: ymd(2023, 2, 20).max(s.registry.start),
        until: s.t(-16),
        every_days: 50,
        pay_until: s.today,
        last: s.t(-14),
        steady: true,
    };
    s.past(&mut a, &buying("轻型厢式货车", 118_000, 5, 60), &orders, 20, s.t(-14), Mood::Normal);
    let promise = s.plant(
        &mut a,
        s.t(-95),
        Kind::Visit,
        "renewal-talk",
        "与蔡总沟通 2027 年车辆更新，承诺 9 月中提交报价",
        &["zhao-lei"],
        &["cai-wenbo"],
        Some("positive"),
    );
    promise.next = next("提交 2027 年更新报价", s.t(-70), "zhao-lei", false);
    let complaint = Complaint { severity: "medium", status: "following-up", resolved_on: None };
    s.plant(
        &mut a,
        s.t(-12),
        Kind::Complaint(complaint),
        "complaint-service-wait",
        "投诉保养预约排不上，已加开周末班次，跟进中",
        &["zhou-hao"],
        &["ren-xiaodong"],
        Some("negative"),
    );
    s.plant(
        &mut a,
        s.t(-10),
        Kind::Call,
        "call-who-is-our-rep",
        "姚静询问赵磊离职后谁来对接，报价何时提交",
        &["chen-jing"],
        &["yao-jing"],
        Some("neutral"),
    );
    a.plan = Some(s.plan(
        "续约 2027 年车辆更新并引入新能源轻卡",
        s.t(10),
        &[
            ("information", "每季度了解线路扩张与车辆缺口"),
            ("decision-chain", "蔡文博拍板，姚静是窗口"),
            ("competition", "暂无直接竞争，防止同城经销商低价切入"),
            ("team", "周浩负责保养与返修，陈静负责报价"),
        ],
        &[("安排新能源轻卡试驾", "zhou-hao", s.t(-30), true), ("提交 2027 年更新报价", "zhao-lei", s.t(-70), false)],
    ));
    a
}

/// (5) One of us, no team, on an A account.
pub(crate) fn single_threaded(s: &mut Scene) -> Account {
    let mut a = s.account(("suzhou-dmv", "苏州市公安局车管所"), "government", "A", "wang-fang", &[]);
    a.industry = "public-sector".into();
    a.since = Some(ymd(2022, 3, 1));
    a.tags = tags(&["public-sector", "tender"]);
    a.credit = credit(3_000_000, 30, "AAA");
    a.potential = potential(60, 12_300_000);
    a.competitors = vec![rival("申联汽车", "challenger", "")];
    s.cast(
        &mut a,
        &[
            ("qian-lixin", "钱立新", "所长", &["decision-maker"], "neutral", 5, "wang-fang"),
            ("jiang-hui", "蒋辉", "装备科科长", &["purchaser", "technical"], "supporter", 4, "wang-fang"),
            ("su-dan", "苏丹", "办公室科员", &["liaison"], "champion", 2, "wang-fang"),
            ("du-ping", "杜平", "财务科科长", &["finance"], "neutral", 3, "wang-fang"),
        ],
    );
    let price = 205_000;
    s.opportunity(
        &mut a,
        ("enforcement-vehicles-2026", "2026 年执法车辆采购 (12 辆)"),
        "won",
        12 * price,
        s.t(-150),
        &["qian-lixin", "jiang-hui"],
        &["申联汽车"],
        None,
    );
    s.opportunity(
        &mut a,
        ("police-support-2027", "2027 警务保障车辆年度采购"),
        "lead",
        20 * price,
        s.t(120),
        &["jiang-hui"],
        &[],
        None,
    );
    let orders = OrderShape {
        from: ymd(2022, 3, 1).max(s.registry.start),
        until: s.t(-15),
        every_days: 80,
        pay_until: s.today,
        last: s.t(-12),
        steady: true,
    };
    s.past(&mut a, &buying("执法车", price, 6, 30), &orders, 22, s.t(-12), Mood::Normal);
    s.plant(
        &mut a,
        s.t(-400),
        Kind::Visit,
        "gm-visit",
        "李强陪同拜访钱所长，介绍执法车改装能力",
        &["wang-fang", "li-qiang"],
        &["qian-lixin"],
        Some("positive"),
    );
    let complaint = Complaint { severity: "medium", status: "communicated", resolved_on: None };
    s.plant(
        &mut a,
        s.t(-9),
        Kind::Complaint(complaint),
        "complaint-light-wiring",
        "投诉执法车警灯线路接触不良，已告知处理方案",
        &["wang-fang"],
        &["jiang-hui"],
        Some("negative"),
    );
    s.plant(
        &mut a,
        s.t(-5),
        Kind::Call,
        "call-checkin",
        "与苏丹确认线路整改时间",
        &["wang-fang"],
        &["su-dan"],
        Some("neutral"),
    );
    a.plan = Some(s.plan(
        "2027 年度采购中标，并建立第二条联系线",
        s.t(40),
        &[
            ("information", "关注市局年度装备预算与招标公告"),
            ("decision-chain", "钱立新拍板，蒋辉写技术参数：需要李强对接钱所长"),
            ("competition", "申联汽车在争取警务保障车辆：提前提交改装样车"),
            ("team", "目前只有王芳一人对接，需加入售后与总经理"),
        ],
        &[("请李强拜访钱所长", "wang-fang", s.t(20), false)],
    ));
    a
}

/// (6) A dealer that kept ordering and stopped paying.
pub(crate) fn over_limit(s: &mut Scene) -> Account {
    let mut a = s.account(
        ("jiaxing-autotrade", "嘉兴联众汽车贸易有限公司"),
        "dealer",
        "B",
        "liu-yang",
        &[("huang-wei", "finance")],
    );
    a.industry = "auto-retail".into();
    a.since = Some(ymd(2020, 1, 6));
    a.tags = tags(&["financing"]);
    a.credit = credit(3_000_000, 30, "BBB");
    a.potential = potential(80, 14_800_000);
    s.cast(
        &mut a,
        &[
            ("lv-zhenhua", "吕振华", "董事长", &["decision-maker"], "neutral", 5, "li-qiang"),
            ("zeng-li", "曾丽", "采购经理", &["purchaser"], "supporter", 3, "liu-yang"),
            ("dong-hongmei", "董红梅", "财务经理", &["finance"], "skeptic", 3, "huang-wei"),
        ],
    );
    let price = 186_000;
    s.opportunity(
        &mut a,
        ("stock-order-2025", "2025 备货订单 (24 辆)"),
        "won",
        24 * price,
        s.t(-380),
        &["lv-zhenhua", "zeng-li"],
        &[],
        None,
    );
    s.opportunity(
        &mut a,
        ("quarter-push-2026", "年底冲量订单 (30 辆)"),
        "commit",
        30 * price,
        s.t(20),
        &["zeng-li"],
        &[],
        None,
    );
    let orders = OrderShape {
        from: ymd(2020, 1, 6).max(s.registry.start),
        until: s.t(-8),
        every_days: 25,
        pay_until: s.t(-150),
        last: s.t(-5),
        steady: true,
    };
    s.past(&mut a, &buying("多品牌整车", price, 8, 30), &orders, 20, s.t(-16), Mood::Normal);
    s.plant(
        &mut a,
        s.t(-60),
        Kind::Payment { amount: 1_000_000 },
        "payment-partial",
        "部分回款",
        &["huang-wei"],
        &["dong-hongmei"],
        None,
    );
    let call = s.plant(
        &mut a,
        s.t(-15),
        Kind::Call,
        "call-collection",
        "催收逾期货款，对方称资金周转紧张，承诺月底付一部分",
        &["huang-wei"],
        &["dong-hongmei"],
        Some("negative"),
    );
    call.next = next("月底确认回款", s.t(7), "huang-wei", false);
    s.plant(
        &mut a,
        s.t(-5),
        Kind::Visit,
        "repayment-plan",
        "与吕总面谈：暂停新增赊销，协商还款计划",
        &["liu-yang", "huang-wei"],
        &["lv-zhenhua"],
        Some("neutral"),
    );
    a
}

/// (7) Nobody at the customer who decides.
pub(crate) fn no_decision_maker(s: &mut Scene) -> Account {
    let mut a = s.account(("changzhou-newmaterials", "常州新材科技有限公司"), "enterprise", "C", "sophie-wu", &[]);
    a.industry = "materials".into();
    a.since = Some(ymd(2024, 4, 1));
    a.tags = tags(&["referral"]);
    a.potential = potential(8, 1_400_000);
    s.cast(
        &mut a,
        &[
            ("xiao-lin", "肖琳", "采购主管", &["purchaser"], "supporter", 3, "sophie-wu"),
            ("gao-peng", "高鹏", "设备主管", &["technical"], "neutral", 2, "sophie-wu"),
            ("hu-jun", "胡军", "司机班长", &["user"], "neutral", 1, "sophie-wu"),
        ],
    );
    s.opportunity(
        &mut a,
        ("business-mpv-2027", "2027 商务接待车 (3 辆)"),
        "lead",
        3 * 318_000,
        s.t(100),
        &["xiao-lin"],
        &[],
        None,
    );
    let orders = OrderShape {
        from: ymd(2024, 4, 1),
        until: s.t(-30),
        every_days: 120,
        pay_until: s.today,
        last: s.t(-20),
        steady: true,
    };
    s.past(&mut a, &buying("商务MPV", 318_000, 2, 60), &orders, 8, s.t(-20), Mood::Normal);
    let visit = s.plant(
        &mut a,
        s.t(-18),
        Kind::Visit,
        "site-visit",
        "肖琳表示车辆采购需总经理拍板，但一直未能见到总经理",
        &["sophie-wu"],
        &["xiao-lin"],
        Some("neutral"),
    );
    visit.next = next("请肖琳引荐总经理", s.t(10), "sophie-wu", false);
    a
}
