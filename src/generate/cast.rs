//! The example book's supporting accounts: written by hand like the stories, but with
//! nothing wrong. They give the stories their context — the Anji group around the
//! champion, a snoozed government buyer, a group buy led by an opinion leader, a
//! foreign-invested customer that writes in English.

use super::history::{Mood, OrderShape};
use super::model::{Account, Complaint, KeyDate, Kind, Snooze};
use super::scene::{Scene, buying, credit, next, potential, rival, tags, ymd};

pub(crate) fn supporting(s: &mut Scene) -> Vec<Account> {
    vec![anji_group(s), anji_leasing(s), pudong_sanitation(s), jinqiao_group_buy(s), nordwind(s)]
}

/// The group above `anji-logistics` and `anji-leasing` (集团客户).
fn anji_group(s: &mut Scene) -> Account {
    let team = [("li-qiang", "gm"), ("chen-jing", "sales-manager")];
    let mut a = s.account(("anji-group", "上海安吉集团"), "enterprise", "A", "zhang-min", &team);
    a.industry = "automotive-services".into();
    a.since = Some(ymd(2018, 11, 5));
    a.tags = tags(&["group", "strategic"]);
    a.credit = credit(8_000_000, 60, "AAA");
    a.potential = potential(150, 36_000_000);
    a.competitors = vec![rival("华东汽贸", "incumbent", "holds the service contract until 2027-06")];
    a.dates = vec![KeyDate { what: "company anniversary".into(), on: ymd(1998, 5, 18) }];
    s.cast(
        &mut a,
        &[
            ("chen-zhenhua", "陈振华", "董事长", &["decision-maker"], "supporter", 5, "li-qiang"),
            ("xu-haiyan", "徐海燕", "集团采购中心总监", &["purchaser", "economic-buyer"], "neutral", 4, "chen-jing"),
            ("lin-ning", "林宁", "总裁办主任", &["liaison"], "supporter", 3, "zhang-min"),
            ("deng-bin", "邓斌", "集团财务总监", &["finance"], "neutral", 3, "huang-wei"),
        ],
    );
    if let Some(chairman) = s.contact_mut(&mut a, "chen-zhenhua") {
        chairman.birthday = Some(ymd(1964, 12, 2));
        chairman.preferences = tags(&["喝茶，不喝咖啡", "重视交付承诺"]);
    }
    s.opportunity(
        &mut a,
        ("exec-cars-2027", "集团高管用车更新 2027 (10 辆)"),
        "qualified",
        10 * 246_000,
        s.t(150),
        &["chen-zhenhua", "xu-haiyan"],
        &["华东汽贸"],
        None,
    );
    let orders = OrderShape {
        from: s.registry.start,
        until: s.t(-10),
        every_days: 75,
        pay_until: s.today,
        last: s.t(-4),
        steady: true,
    };
    s.past(&mut a, &buying("商务轿车", 246_000, 6, 60), &orders, 28, s.t(-12), Mood::Normal);
    let qbr = s.plant(
        &mut a,
        s.t(-8),
        Kind::Meeting,
        "group-qbr",
        "集团季度回顾：陈董希望 2027 年起统一集团用车框架",
        &["zhang-min", "li-qiang"],
        &["chen-zhenhua", "xu-haiyan"],
        Some("positive"),
    );
    qbr.next = next("提交集团 2027 用车框架协议草案", s.t(14), "zhang-min", false);
    qbr.at = Some((15, 30));
    s.plant(
        &mut a,
        s.t(-4),
        Kind::Call,
        "call-framework",
        "与林宁确认框架协议评审时间",
        &["chen-jing"],
        &["lin-ning"],
        Some("neutral"),
    );
    a.plan = Some(s.plan(
        "2027 年签订集团用车框架协议，覆盖全部子公司",
        s.t(53),
        &[
            ("information", "每季度汇总各子公司车队规模与更新节奏"),
            ("decision-chain", "陈振华拍板，徐海燕组织集采：李强对接陈董，陈静对接徐总监"),
            ("competition", "华东汽贸持有维保合同到 2027-06：框架协议捆绑维保"),
            ("team", "张敏统筹，子公司各有负责人：安吉物流张敏，安吉租赁王芳"),
        ],
        &[
            ("梳理各子公司车队规模与更新节奏", "zhang-min", s.t(-40), true),
            ("李强拜访陈董，沟通框架协议", "li-qiang", s.t(12), false),
            ("起草框架协议条款", "chen-jing", s.t(25), false),
        ],
    ));
    a
}

fn anji_leasing(s: &mut Scene) -> Account {
    let mut a =
        s.account(("anji-leasing", "安吉融资租赁"), "enterprise", "B", "wang-fang", &[("chen-jing", "sales-manager")]);
    a.industry = "rental".into();
    a.parent = Some("anji-group".into());
    a.since = Some(ymd(2021, 9, 1));
    a.tags = tags(&["financing"]);
    a.credit = credit(2_000_000, 60, "A");
    a.potential = potential(40, 9_800_000);
    s.cast(
        &mut a,
        &[
            ("guo-tao", "郭涛", "总经理", &["decision-maker"], "neutral", 5, "chen-jing"),
            ("tang-li", "唐丽", "采购经理", &["purchaser"], "supporter", 3, "wang-fang"),
            ("pan-yong", "潘勇", "车辆管理部主管", &["technical", "user"], "neutral", 2, "wang-fang"),
        ],
    );
    let price = 246_000;
    s.opportunity(
        &mut a,
        ("rental-fleet-2025", "2025 租赁车队补充 (12 辆)"),
        "won",
        12 * price,
        s.t(-420),
        &["guo-tao", "tang-li"],
        &[],
        None,
    );
    s.opportunity(
        &mut a,
        ("rental-expansion-2027", "2027 租赁车队扩充 (40 辆)"),
        "proposal",
        40 * price,
        s.t(60),
        &["tang-li"],
        &[],
        None,
    );
    let orders = OrderShape {
        from: ymd(2021, 9, 1).max(s.registry.start),
        until: s.t(-15),
        every_days: 60,
        pay_until: s.today,
        last: s.t(-2),
        steady: true,
    };
    s.past(&mut a, &buying("商务轿车", price, 4, 60), &orders, 18, s.t(-14), Mood::Normal);
    let complaint = Complaint { severity: "low", status: "decided", resolved_on: None };
    s.plant(
        &mut a,
        s.t(-6),
        Kind::Complaint(complaint),
        "complaint-documents",
        "投诉交车时随车资料不全：已决定补齐并书面说明",
        &["wang-fang"],
        &["tang-li"],
        Some("neutral"),
    );
    s.plant(
        &mut a,
        s.t(-2),
        Kind::Call,
        "call-documents",
        "电话沟通补资料方案，唐丽认可",
        &["wang-fang"],
        &["tang-li"],
        Some("positive"),
    );
    a
}

/// Quiet for 48 days, but snoozed: a known budget freeze, so no cadence warning.
fn pudong_sanitation(s: &mut Scene) -> Account {
    let mut a = s.account(
        ("pudong-sanitation", "上海市浦东新区环卫事务中心"),
        "government",
        "B",
        "chen-jing",
        &[("li-qiang", "gm")],
    );
    a.industry = "public-sector".into();
    a.since = Some(ymd(2021, 12, 1));
    a.tags = tags(&["public-sector", "ev"]);
    a.credit = credit(2_000_000, 30, "AAA");
    a.potential = potential(40, 18_200_000);
    a.snooze = Some(Snooze {
        until: s.t(48), reason: "区财政预算冻结，2027 年预算批复前暂停采购沟通".into()
    });
    s.cast(
        &mut a,
        &[
            ("xu-jianguo", "许建国", "主任", &["decision-maker"], "supporter", 5, "li-qiang"),
            ("tang-jie", "唐杰", "设备科科长", &["purchaser", "technical"], "neutral", 3, "chen-jing"),
            ("ye-lin", "叶琳", "办公室科员", &["liaison"], "supporter", 2, "chen-jing"),
        ],
    );
    s.opportunity(
        &mut a,
        ("ev-sanitation-2027", "2027 新能源环卫车 (20 辆)"),
        "qualified",
        20 * 455_000,
        s.t(150),
        &["xu-jianguo", "tang-jie"],
        &[],
        None,
    );
    let orders = OrderShape {
        from: ymd(2021, 12, 1).max(s.registry.start),
        until: s.t(-55),
        every_days: 90,
        pay_until: s.today,
        last: s.t(-48),
        steady: true,
    };
    s.past(&mut a, &buying("新能源环卫车", 455_000, 4, 30), &orders, 14, s.t(-50), Mood::Normal);
    let freeze = s.plant(
        &mut a,
        s.t(-48),
        Kind::Meeting,
        "budget-freeze",
        "预算冻结说明会：新能源环卫车项目待 2027 年预算批复后重启",
        &["chen-jing", "li-qiang"],
        &["xu-jianguo", "tang-jie"],
        Some("neutral"),
    );
    freeze.next = next("预算批复后重新约见许主任", s.t(55), "chen-jing", false);
    a
}

/// A group buy: the opinion leader buys little himself but decides where the group buys.
fn jinqiao_group_buy(s: &mut Scene) -> Account {
    let mut a = s.account(("jinqiao-group-buy", "金桥车友会团购"), "group-buy", "C", "wang-fang", &[]);
    a.industry = "consumer".into();
    a.since = Some(ymd(2025, 1, 15));
    a.tags = tags(&["group-buy", "referral"]);
    a.potential = potential(30, 4_500_000);
    a.dates = vec![KeyDate { what: "车友会成立纪念日".into(), on: ymd(2015, 9, 19) }];
    s.cast(
        &mut a,
        &[
            ("ma-jianguo", "马建国", "车友会会长", &["opinion-leader", "decision-maker"], "champion", 5, "wang-fang"),
            ("zhu-na", "朱娜", "群管理员", &["liaison"], "supporter", 2, "wang-fang"),
            ("song-kai", "宋凯", "成员代表", &["user"], "neutral", 1, "wang-fang"),
        ],
    );
    if let Some(leader) = s.contact_mut(&mut a, "ma-jianguo") {
        leader.preferences = tags(&["prefers WeChat", "周末活动多"]);
    }
    let price = 152_000;
    s.opportunity(
        &mut a,
        ("group-buy-wave-1", "团购第一批 (25 辆)"),
        "won",
        25 * price,
        s.t(-300),
        &["ma-jianguo"],
        &[],
        None,
    );
    s.opportunity(
        &mut a,
        ("group-buy-wave-2", "团购第二批 (18 辆)"),
        "negotiation",
        18 * price,
        s.t(30),
        &["ma-jianguo", "zhu-na"],
        &[],
        None,
    );
    let orders = OrderShape {
        from: ymd(2025, 1, 15),
        until: s.t(-40),
        every_days: 150,
        pay_until: s.today,
        last: s.t(-6),
        steady: true,
    };
    s.past(&mut a, &buying("家用SUV", price, 6, 0), &orders, 10, s.t(-10), Mood::Normal);
    s.plant(
        &mut a,
        s.t(-6),
        Kind::Event,
        "test-drive-day",
        "金桥车友会试驾日：第二批团购意向登记 18 户",
        &["wang-fang", "sun-li"],
        &["ma-jianguo", "zhu-na"],
        Some("positive"),
    );
    a
}

/// A foreign-invested customer whose people write in English.
fn nordwind(s: &mut Scene) -> Account {
    let name = "Nordwind Logistics (Shanghai) Co., Ltd.";
    let mut a = s.account(("nordwind-logistics", name), "enterprise", "B", "sophie-wu", &[("sun-li", "presales")]);
    a.industry = "logistics".into();
    a.since = Some(ymd(2023, 6, 12));
    a.tags = tags(&["fleet", "ev"]);
    a.credit = credit(2_000_000, 60, "AA");
    a.potential = potential(25, 4_100_000);
    a.competitors = vec![rival("联达汽车租赁", "incumbent", "leases them vans today")];
    s.cast(
        &mut a,
        &[
            ("thomas-becker", "Thomas Becker", "Managing Director", &["decision-maker"], "supporter", 5, "li-qiang"),
            ("anna-muller", "Anna Müller", "Procurement Manager", &["purchaser"], "neutral", 4, "sophie-wu"),
            ("lin-lin", "林琳", "Office Manager", &["liaison"], "supporter", 2, "sophie-wu"),
        ],
    );
    if let Some(thomas) = s.contact_mut(&mut a, "thomas-becker") {
        thomas.preferences = tags(&["emails in English", "likes numbers, not slides"]);
    }
    let price = 165_000;
    s.opportunity(
        &mut a,
        ("van-lease-2025", "Van lease conversion (10 units)"),
        "lost",
        10 * price,
        s.t(-365),
        &["anna-muller"],
        &["联达汽车租赁"],
        Some("spec-mismatch"),
    );
    s.opportunity(
        &mut a,
        ("ev-vans-2027", "EV vans 2027 (12 units)"),
        "proposal",
        12 * price,
        s.t(45),
        &["thomas-becker", "anna-muller"],
        &["联达汽车租赁"],
        None,
    );
    let orders = OrderShape {
        from: ymd(2023, 6, 12),
        until: s.t(-20),
        every_days: 60,
        pay_until: s.today,
        last: s.t(-3),
        steady: true,
    };
    s.past(&mut a, &buying("纯电轿车", price, 4, 60), &orders, 14, s.t(-15), Mood::Normal);
    let meeting = s.plant(
        &mut a,
        s.t(-13),
        Kind::Meeting,
        "ev-quote",
        "Sent quote \"Q-2026-118\" with EV options; Thomas wants a 2-year TCO comparison",
        &["sophie-wu", "sun-li"],
        &["thomas-becker", "anna-muller"],
        Some("positive"),
    );
    meeting.at = Some((14, 30));
    meeting.next = next("Send TCO comparison", s.t(2), "sun-li", false);
    s.plant(
        &mut a,
        s.t(-3),
        Kind::Email,
        "tco-sheet",
        "Shared the TCO sheet at \\\\fs01\\fleet\\tco-2027.xlsx; Anna asks about wallbox installation",
        &["sun-li"],
        &["anna-muller"],
        None,
    );
    a
}
