//! Name and phrase pools: Chinese names with the pinyin that makes their ids, company name
//! parts, and the short phrases that fill summaries, plans and next steps.
//!
//! The pools are fixed arrays (an empty pool is a compile error in `Rng::pick`) and their
//! order is part of the output: reordering a pool changes every generated book.

/// (surname, pinyin)
pub(crate) const SURNAMES: [(&str, &str); 48] = [
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("吴", "wu"),
    ("周", "zhou"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("高", "gao"),
    ("林", "lin"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("韩", "han"),
    ("冯", "feng"),
    ("邓", "deng"),
    ("曹", "cao"),
    ("彭", "peng"),
    ("曾", "zeng"),
    ("肖", "xiao"),
    ("田", "tian"),
    ("董", "dong"),
    ("袁", "yuan"),
    ("潘", "pan"),
    ("蒋", "jiang"),
    ("蔡", "cai"),
    ("杜", "du"),
    ("叶", "ye"),
    ("程", "cheng"),
    ("苏", "su"),
    ("魏", "wei"),
    ("吕", "lv"),
    ("丁", "ding"),
    ("任", "ren"),
    ("沈", "shen"),
    ("姚", "yao"),
];

/// (given name, pinyin)
pub(crate) const GIVEN_NAMES: [(&str, &str); 48] = [
    ("军", "jun"),
    ("娜", "na"),
    ("伟", "wei"),
    ("芳", "fang"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("洋", "yang"),
    ("艳", "yan"),
    ("勇", "yong"),
    ("杰", "jie"),
    ("娟", "juan"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("霞", "xia"),
    ("平", "ping"),
    ("刚", "gang"),
    ("桂英", "guiying"),
    ("建华", "jianhua"),
    ("志强", "zhiqiang"),
    ("海燕", "haiyan"),
    ("晓东", "xiaodong"),
    ("文博", "wenbo"),
    ("子涵", "zihan"),
    ("一鸣", "yiming"),
    ("思远", "siyuan"),
    ("国庆", "guoqing"),
    ("建国", "jianguo"),
    ("丹", "dan"),
    ("鹏", "peng"),
    ("辉", "hui"),
    ("琳", "lin"),
    ("雪", "xue"),
    ("宁", "ning"),
    ("斌", "bin"),
    ("浩", "hao"),
    ("凯", "kai"),
    ("颖", "ying"),
    ("欣怡", "xinyi"),
    ("振华", "zhenhua"),
    ("德明", "deming"),
    ("红梅", "hongmei"),
    ("春生", "chunsheng"),
    ("立新", "lixin"),
];

/// Contacts at foreign-invested customers, written the way they sign their e-mails.
pub(crate) const LATIN_NAMES: [(&str, &str); 10] = [
    ("David Lin", "david-lin"),
    ("Anna Müller", "anna-muller"),
    ("Thomas Becker", "thomas-becker"),
    ("Sophie Martin", "sophie-martin"),
    ("James O'Brien", "james-obrien"),
    ("María García", "maria-garcia"),
    ("Kenji Sato", "kenji-sato"),
    ("Laura Rossi", "laura-rossi"),
    ("Peter Novak", "peter-novak"),
    ("Emma Jansen", "emma-jansen"),
];

/// (city, pinyin, region, telephone area code)
pub(crate) const CITIES: [(&str, &str, &str, &str); 32] = [
    ("上海", "shanghai", "east", "21"),
    ("苏州", "suzhou", "east", "512"),
    ("杭州", "hangzhou", "east", "571"),
    ("南京", "nanjing", "east", "25"),
    ("无锡", "wuxi", "east", "510"),
    ("宁波", "ningbo", "east", "574"),
    ("常州", "changzhou", "east", "519"),
    ("嘉兴", "jiaxing", "east", "573"),
    ("南通", "nantong", "east", "513"),
    ("绍兴", "shaoxing", "east", "575"),
    ("湖州", "huzhou", "east", "572"),
    ("扬州", "yangzhou", "east", "514"),
    ("镇江", "zhenjiang", "east", "511"),
    ("昆山", "kunshan", "east", "512"),
    ("合肥", "hefei", "east", "551"),
    ("温州", "wenzhou", "east", "577"),
    ("金华", "jinhua", "east", "579"),
    ("徐州", "xuzhou", "east", "516"),
    ("芜湖", "wuhu", "east", "553"),
    ("舟山", "zhoushan", "east", "580"),
    ("北京", "beijing", "north", "10"),
    ("天津", "tianjin", "north", "22"),
    ("济南", "jinan", "north", "531"),
    ("青岛", "qingdao", "north", "532"),
    ("广州", "guangzhou", "south", "20"),
    ("深圳", "shenzhen", "south", "755"),
    ("厦门", "xiamen", "south", "592"),
    ("福州", "fuzhou", "south", "591"),
    ("武汉", "wuhan", "central", "27"),
    ("长沙", "changsha", "central", "731"),
    ("成都", "chengdu", "west", "28"),
    ("重庆", "chongqing", "west", "23"),
];

/// Trade-name cores of Chinese companies: (name, pinyin).
pub(crate) const CORES: [(&str, &str); 40] = [
    ("宏达", "hongda"),
    ("华信", "huaxin"),
    ("恒通", "hengtong"),
    ("金桥", "jinqiao"),
    ("东方", "dongfang"),
    ("联合", "lianhe"),
    ("新城", "xincheng"),
    ("天诚", "tiancheng"),
    ("永盛", "yongsheng"),
    ("远航", "yuanhang"),
    ("中联", "zhonglian"),
    ("瑞丰", "ruifeng"),
    ("博远", "boyuan"),
    ("安达", "anda"),
    ("顺通", "shuntong"),
    ("嘉禾", "jiahe"),
    ("汇通", "huitong"),
    ("鼎盛", "dingsheng"),
    ("浩然", "haoran"),
    ("星海", "xinghai"),
    ("海川", "haichuan"),
    ("明远", "mingyuan"),
    ("华瑞", "huarui"),
    ("万通", "wantong"),
    ("长风", "changfeng"),
    ("蓝天", "lantian"),
    ("绿源", "lvyuan"),
    ("锦程", "jincheng"),
    ("兴业", "xingye"),
    ("同创", "tongchuang"),
    ("泰和", "taihe"),
    ("金辉", "jinhui"),
    ("众成", "zhongcheng"),
    ("利民", "limin"),
    ("康达", "kangda"),
    ("凯旋", "kaixuan"),
    ("祥瑞", "xiangrui"),
    ("正阳", "zhengyang"),
    ("天润", "tianrun"),
    ("启航", "qihang"),
];

/// Enterprise name endings: (ending, id part, industry, vehicle model they buy).
pub(crate) const ENTERPRISE_KINDS: [(&str, &str, &str, &str); 18] = [
    ("物流有限公司", "logistics", "logistics", "轻型厢式货车"),
    ("快运有限公司", "express", "logistics", "轻型厢式货车"),
    ("冷链物流有限公司", "coldchain", "logistics", "冷藏车"),
    ("出租汽车有限公司", "taxi", "taxi", "出租车型"),
    ("汽车租赁有限公司", "rental", "rental", "商务轿车"),
    ("网约车服务有限公司", "ride-hailing", "ride-hailing", "纯电轿车"),
    ("客运有限公司", "coach", "passenger-transport", "通勤客车"),
    ("旅游客运有限公司", "tour-coach", "tourism", "中型客车"),
    ("建设集团", "construction", "construction", "工程皮卡"),
    ("工程机械有限公司", "machinery", "construction", "工程皮卡"),
    ("医药有限公司", "pharma", "pharma", "商务MPV"),
    ("食品有限公司", "foods", "food", "冷藏车"),
    ("电力工程有限公司", "power", "utilities", "工程抢修车"),
    ("环境科技有限公司", "environment", "environmental", "新能源环卫车"),
    ("物业管理有限公司", "property", "property", "电动巡逻车"),
    ("保安服务有限公司", "security", "security", "商务MPV"),
    ("通信工程有限公司", "telecom", "telecom", "工程抢修车"),
    ("驾驶培训学校", "driving-school", "education", "教练车"),
];

/// Government buyers: (agency, id part, vehicle model).
pub(crate) const AGENCIES: [(&str, &str, &str); 12] = [
    ("市公安局", "police", "执法车"),
    ("市交通运输局", "transport", "公务轿车"),
    ("市城市管理局", "urban-management", "执法车"),
    ("市环卫处", "sanitation", "新能源环卫车"),
    ("市水务局", "water", "工程抢修车"),
    ("市卫生健康委员会", "health", "救护转运车"),
    ("市市场监督管理局", "market-regulation", "公务轿车"),
    ("市邮政管理局", "postal", "轻型厢式货车"),
    ("市应急管理局", "emergency", "应急指挥车"),
    ("市教育局", "education", "校车"),
    ("市消防救援支队", "fire-rescue", "应急指挥车"),
    ("市机关事务管理局", "government-affairs", "公务轿车"),
];

/// Districts that make a second government buyer in the same city: (name, id part).
pub(crate) const DISTRICTS: [(&str, &str); 6] = [
    ("经开区", "edz"),
    ("高新区", "hi-tech"),
    ("新区", "new-district"),
    ("滨江区", "binjiang"),
    ("城东区", "chengdong"),
    ("港区", "port"),
];

/// Second-tier dealers buying from us: (ending, id part).
pub(crate) const DEALER_KINDS: [(&str, &str); 3] =
    [("汽车销售服务有限公司", "auto-sales"), ("汽车贸易有限公司", "autotrade"), ("二手车经纪有限公司", "used-cars")];

/// Group buys led by an opinion leader: (ending, id part).
pub(crate) const GROUP_BUY_KINDS: [(&str, &str); 3] =
    [("车友会团购", "car-club"), ("小区业主团购", "residents-buy"), ("员工购车团", "staff-buy")];

/// Institutions that fit no other segment: (ending, id part, model).
pub(crate) const OTHER_KINDS: [(&str, &str, &str); 3] = [
    ("人民医院", "hospital", "救护转运车"),
    ("职业技术学院", "college", "通勤客车"),
    ("体育中心", "sports-center", "商务MPV"),
];

/// Foreign-invested customers with Latin names: (name, id).
pub(crate) const LATIN_ACCOUNTS: [(&str, &str); 8] = [
    ("Nordwind Logistics (Shanghai) Co., Ltd.", "nordwind-logistics"),
    ("Bayside Rentals", "bayside-rentals"),
    ("Rhein Pharma China", "rhein-pharma"),
    ("Pacific Cold Chain", "pacific-coldchain"),
    ("Alpine Engineering Suzhou", "alpine-engineering"),
    ("Meridian Hotels East China", "meridian-hotels"),
    ("Lumen Medical Devices", "lumen-medical"),
    ("Harbor & Field Foods", "harbor-field-foods"),
];

pub(crate) const COMPETITORS: [&str; 8] =
    ["华东汽贸", "沪西汽车服务", "长江汽车销售", "江南车业", "通程汽贸", "联达汽车租赁", "东岳汽车", "申联汽车"];

pub(crate) const COMPETITOR_NOTES: [&str; 6] = [
    "持有维保合同至明年年中",
    "报价通常低 5%",
    "与采购部门关系密切",
    "刚开始接触该客户",
    "提供三年免费保养",
    "交付周期比我们长",
];

pub(crate) const TAGS: [&str; 12] = [
    "fleet",
    "strategic",
    "ev",
    "tender",
    "renewal",
    "vip",
    "service-contract",
    "referral",
    "cold-chain",
    "public-sector",
    "financing",
    "used-car-trade-in",
];

pub(crate) const PREFERENCES: [&str; 10] = [
    "喝茶，不喝咖啡",
    "prefers WeChat",
    "周末不接电话",
    "上午开会效率高",
    "关注新能源政策",
    "喜欢打羽毛球",
    "不喜欢长篇 PPT",
    "重视售后响应速度",
    "emails in English",
    "午饭后再联系",
];

pub(crate) const LOST_REASONS: [&str; 6] =
    ["price", "delivery-time", "relationship", "budget-cut", "spec-mismatch", "tender-lost"];

pub(crate) const RATINGS: [&str; 4] = ["AAA", "AA", "A", "BBB"];

pub(crate) const MOBILE_PREFIXES: [&str; 10] = ["138", "139", "136", "186", "188", "150", "158", "177", "135", "189"];

/// Phrases per interaction kind: (file slug, summary). `{c}` is the first contact met.
pub(crate) const VISITS: [(&str, &str); 6] = [
    ("quarterly-review", "季度业务回顾：车辆使用情况与续约时间"),
    ("depot-visit", "走访车队场站，与{c}查看车辆运行状况"),
    ("gm-visit", "陪同总经理拜访{c}，沟通明年合作框架"),
    ("delivery-followup", "交车后回访，确认司机培训安排"),
    ("service-review", "售后服务回顾，讨论保养排期"),
    ("site-survey", "实地调研用车场景，收集车型需求"),
];

pub(crate) const MEETINGS: [(&str, &str); 5] = [
    ("fleet-planning", "与{c}开会讨论明年车队更新计划"),
    ("tender-briefing", "招标前沟通会，澄清技术参数"),
    ("contract-review", "合同条款评审：付款方式与交付节点"),
    ("ev-workshop", "新能源车型方案交流会"),
    ("qbr", "季度经营回顾会"),
];

pub(crate) const CALLS: [(&str, &str); 5] = [
    ("call-delivery", "电话确认交车时间与地点"),
    ("call-quote", "电话跟进报价反馈，{c}表示需要内部讨论"),
    ("call-service", "回访保养服务满意度"),
    ("call-budget", "了解{c}明年采购预算进展"),
    ("call-checkin", "例行电话问候，了解近期用车情况"),
];

pub(crate) const EMAILS: [(&str, &str); 4] = [
    ("quote-sent", "发送报价单及配置清单"),
    ("price-policy", "发送年度价格政策"),
    ("contract-draft", "发送合同草稿供法务审阅"),
    ("statement", "发送发票及对账单"),
];

pub(crate) const MESSAGES: [(&str, &str); 3] = [
    ("wechat-followup", "微信跟进：资料已发，等待{c}反馈"),
    ("wechat-schedule", "微信确认下次拜访时间"),
    ("wechat-greeting", "节日问候"),
];

pub(crate) const EVENTS: [(&str, &str); 4] = [
    ("test-drive-day", "邀请{c}参加试驾日活动"),
    ("model-launch", "新车上市品鉴会"),
    ("customer-dinner", "年度客户答谢会"),
    ("factory-tour", "组织参观主机厂生产线"),
];

pub(crate) const NOTES: [(&str, &str); 4] = [
    ("note-budget", "内部备注：客户预算预计下季度批复"),
    ("note-competitor", "内部备注：竞争对手近期频繁接触客户"),
    ("note-org-change", "内部备注：客户采购部门负责人调整"),
    ("note-usage", "内部备注：车辆年均里程高于预期，可推荐延保"),
];

/// (slug, summary, severity)
pub(crate) const COMPLAINTS: [(&str, &str, &str); 5] = [
    ("complaint-delivery-delay", "投诉交车延迟一周", "medium"),
    ("complaint-ac-fault", "投诉新车空调故障", "high"),
    ("complaint-invoice", "投诉发票抬头错误", "low"),
    ("complaint-service-wait", "投诉保养等待时间过长", "medium"),
    ("complaint-parts", "投诉配件供应不及时", "medium"),
];

pub(crate) const NEXT_STEPS: [&str; 8] = [
    "发送正式报价",
    "安排试驾",
    "提交合同草稿",
    "确认交车计划",
    "安排司机培训",
    "约总经理拜访",
    "提供新能源方案",
    "跟进预算审批",
];

pub(crate) const PLAN_OBJECTIVES: [&str; 4] = [
    "成为客户车队的首选供应商，份额提升到 60%",
    "保住续约并引入新能源车型",
    "从单车销售扩展到维保服务合同",
    "建立高层关系，进入下一轮集中采购短名单",
];

pub(crate) const PLAN_ACTIONS: [&str; 6] = [
    "安排总经理拜访客户高层",
    "提交新能源车型方案",
    "组织客户试驾日",
    "完成年度服务回顾",
    "更新客户决策链图",
    "整理车辆使用数据报告",
];

/// List prices of the vehicle models in the pools above, in CNY.
pub(crate) const MODEL_PRICES: [(&str, u64); 20] = [
    ("出租车型", 128_000),
    ("纯电轿车", 165_000),
    ("轻型厢式货车", 118_000),
    ("冷藏车", 268_000),
    ("通勤客车", 420_000),
    ("中型客车", 385_000),
    ("工程皮卡", 176_000),
    ("商务MPV", 318_000),
    ("商务轿车", 246_000),
    ("执法车", 205_000),
    ("公务轿车", 228_000),
    ("新能源环卫车", 455_000),
    ("工程抢修车", 282_000),
    ("电动巡逻车", 62_000),
    ("教练车", 92_000),
    ("救护转运车", 348_000),
    ("应急指挥车", 515_000),
    ("校车", 398_000),
    ("家用SUV", 152_000),
    ("多品牌整车", 186_000),
];

pub(crate) fn model_price(model: &str) -> u64 {
    MODEL_PRICES.iter().find(|(name, _)| *name == model).map_or(200_000, |(_, price)| *price)
}
