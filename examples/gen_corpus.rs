//! Writes a synthetic jianbao site for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --pages 10000 --seed 1 --out /tmp/corpus-10000
//! ```
//!
//! The site has six dated sections and `N` bulletin pages of 800–1,500 characters of official
//! prose each, with headings, a list, a table of figures, bold text and one to three internal
//! links (`@/section/slug.md`) to other generated pages. Every page is derived from the seed and
//! its own number alone, so the same `--pages` and `--seed` always give the same bytes, and a
//! page can name the title and path of any other page without a first pass.
//!
//! Only the standard library is used: the generator must not pull anything into jianbao's
//! dependency tree.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// ---------------------------------------------------------------------------------------------
// Random numbers: splitmix64, with one independent stream per page and purpose.
// ---------------------------------------------------------------------------------------------

fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

struct Rng(u64);

impl Rng {
    /// A stream for page `index` and `purpose`, independent of every other page's.
    fn for_page(seed: u64, index: usize, purpose: u64) -> Rng {
        Rng(mix(mix(seed) ^ mix((index as u64) << 8 | purpose)))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant at these sizes.
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// `count` distinct indices below `n`, in ascending order.
    fn distinct(&mut self, count: usize, n: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(count);
        while out.len() < count.min(n) {
            let k = self.below(n);
            if !out.contains(&k) {
                out.push(k);
            }
        }
        out.sort_unstable();
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary.
// ---------------------------------------------------------------------------------------------

/// Sections: folder, title, description.
const SECTIONS: &[(&str, &str, &str)] = &[
    (
        "party-building",
        "党建引领",
        "发布各村党组织建设、党员教育管理和基层治理的工作动态。",
    ),
    (
        "industry",
        "产业发展",
        "发布各村特色产业、农民专业合作社和村集体经济发展的工作动态。",
    ),
    (
        "talent",
        "人才培育",
        "发布本土人才培养、技能培训、返乡创业和转移就业的工作动态。",
    ),
    (
        "culture",
        "乡风文明",
        "发布移风易俗、文明创建、公共文化服务和志愿服务的工作动态。",
    ),
    (
        "ecology",
        "生态宜居",
        "发布人居环境整治、生态保护和农村基础设施建设的工作动态。",
    ),
    (
        "notices",
        "通知公告",
        "发布县委组织部及有关部门关于驻村工作的通知、办法和公示。",
    ),
];

const NOTICES: usize = 5;

/// Village names are built from two syllables: 20 × 10 = 200 villages.
const VILLAGE_FIRST: &[(&str, &str)] = &[
    ("石", "shi"),
    ("柳", "liu"),
    ("桃", "tao"),
    ("龙", "long"),
    ("云", "yun"),
    ("青", "qing"),
    ("白", "bai"),
    ("黄", "huang"),
    ("金", "jin"),
    ("马", "ma"),
    ("杨", "yang"),
    ("李", "li"),
    ("高", "gao"),
    ("东", "dong"),
    ("西", "xi"),
    ("南", "nan"),
    ("北", "bei"),
    ("大", "da"),
    ("小", "xiao"),
    ("新", "xin"),
];

const VILLAGE_SECOND: &[(&str, &str)] = &[
    ("门", "men"),
    ("溪", "xi"),
    ("源", "yuan"),
    ("潭", "tan"),
    ("岭", "ling"),
    ("山", "shan"),
    ("河", "he"),
    ("坪", "ping"),
    ("湾", "wan"),
    ("庄", "zhuang"),
];

const VILLAGES: usize = 200;

fn village(k: usize) -> String {
    let (a, _) = VILLAGE_FIRST[k / VILLAGE_SECOND.len() % VILLAGE_FIRST.len()];
    let (b, _) = VILLAGE_SECOND[k % VILLAGE_SECOND.len()];
    format!("{a}{b}村")
}

fn village_ascii(k: usize) -> String {
    let (_, a) = VILLAGE_FIRST[k / VILLAGE_SECOND.len() % VILLAGE_FIRST.len()];
    let (_, b) = VILLAGE_SECOND[k % VILLAGE_SECOND.len()];
    format!("{a}{b}")
}

/// Units that send work teams and issue notices.
const UNITS: &[&str] = &[
    "县委组织部",
    "县委宣传部",
    "县农业农村局",
    "县财政局",
    "县人社局",
    "县水利局",
    "县文旅局",
    "县自然资源局",
    "县生态环境局",
    "县住建局",
    "县交通运输局",
    "县卫健局",
    "县教育局",
    "县商务局",
    "县林业局",
    "县乡村振兴局",
    "县供销社",
    "县农商银行",
    "县市场监管局",
    "县民政局",
    "县委政法委",
    "县总工会",
    "团县委",
    "县妇联",
    "县科协",
];

const TEAMS: usize = 50;

/// Team `k` is sent by one unit to one village: 50 teams.
fn team(k: usize) -> String {
    format!(
        "{}驻{}工作队",
        UNITS[k % UNITS.len()],
        village(k * 37 % VILLAGES)
    )
}

fn team_village(k: usize) -> usize {
    k * 37 % VILLAGES
}

const TAGS: &[&str] = &[
    "党支部建设",
    "主题党日",
    "党员教育",
    "乡村治理",
    "网格化管理",
    "积分制",
    "村务公开",
    "驻村帮扶",
    "茶产业",
    "猕猴桃",
    "中药材",
    "食用菌",
    "合作社",
    "村集体经济",
    "电商助农",
    "乡村旅游",
    "农产品加工",
    "高标准农田",
    "技能培训",
    "返乡创业",
    "后备干部",
    "致富带头人",
    "转移就业",
    "移风易俗",
    "文明家庭",
    "农家书屋",
    "志愿服务",
    "新时代文明实践",
    "人居环境",
    "垃圾分类",
    "厕所革命",
    "污水治理",
    "河长制",
    "森林防火",
    "安全生产",
    "防返贫监测",
    "小额信贷",
    "消费帮扶",
    "考核评价",
    "政策文件",
];

const AUTHORS: &[&str] = &[
    "张明", "李华", "王芳", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周涛", "吴敏", "徐亮", "孙婷",
    "马骏", "朱琳", "胡斌", "郭颖", "何军", "林晓", "罗杰", "高峰", "梁红", "宋刚", "郑爽", "谢勇",
    "韩雪", "唐伟", "冯琴", "于洪", "董芳", "萧然",
];

/// Per-section topics: Chinese phrase for titles and text, ASCII words for slugs.
const TOPICS: &[&[(&str, &str)]] = &[
    &[
        ("主题党日活动", "party-day"),
        ("党支部标准化建设", "branch-standard"),
        ("流动党员管理", "mobile-members"),
        ("网格化治理", "grid-governance"),
        ("“三会一课”制度落实", "three-meetings"),
        ("党员积分管理", "member-points"),
        ("村务监督委员会建设", "village-supervision"),
        ("软弱涣散党组织整顿", "weak-branch"),
        ("党员联系户制度", "member-households"),
        ("红色教育阵地建设", "red-education"),
        ("村级议事协商", "consultation"),
        ("党建引领乡村治理", "party-led-governance"),
    ],
    &[
        ("茶叶专业合作社", "tea-cooperative"),
        ("猕猴桃种植基地", "kiwi-base"),
        ("中药材规范化种植", "herb-planting"),
        ("食用菌产业园", "mushroom-park"),
        ("村集体经济项目", "collective-economy"),
        ("电商助农直播", "ecommerce-live"),
        ("乡村民宿", "homestay"),
        ("农产品初加工", "primary-processing"),
        ("高标准农田建设", "high-standard-farmland"),
        ("生态养殖小区", "eco-breeding"),
        ("消费帮扶专柜", "consumption-aid"),
        ("光伏发电项目", "solar-project"),
    ],
    &[
        ("致富带头人培训", "leader-training"),
        ("村级后备干部培养", "reserve-cadres"),
        ("返乡创业座谈", "returning-entrepreneurs"),
        ("农村实用技术培训", "practical-skills"),
        ("劳务输出对接", "labor-export"),
        ("电商人才培训", "ecommerce-talent"),
        ("乡村工匠评选", "rural-craftsmen"),
        ("大学生村官交流", "graduate-officials"),
        ("田间课堂", "field-classroom"),
        ("公益性岗位开发", "public-welfare-jobs"),
        ("技能等级认定", "skill-certification"),
        ("新型职业农民培育", "new-farmers"),
    ],
    &[
        ("移风易俗宣传", "customs-reform"),
        ("文明家庭评选", "civilized-families"),
        ("农家书屋提升", "village-library"),
        ("村规民约修订", "village-rules"),
        ("新时代文明实践站", "civilization-station"),
        ("志愿服务活动", "volunteer-service"),
        ("红白理事会", "ceremony-council"),
        ("乡村文化广场", "culture-square"),
        ("好媳妇好婆婆评选", "good-family"),
        ("孝老爱亲道德讲堂", "ethics-lecture"),
        ("农民丰收节", "harvest-festival"),
        ("非遗传承", "intangible-heritage"),
    ],
    &[
        ("垃圾分类试点", "garbage-sorting"),
        ("农村改厕", "toilet-renovation"),
        ("生活污水治理", "sewage-treatment"),
        ("河道保洁", "river-cleaning"),
        ("森林防火", "forest-fire"),
        ("村庄清洁行动", "village-cleaning"),
        ("庭院美化", "courtyard-greening"),
        ("饮水安全工程", "drinking-water"),
        ("通组道路硬化", "road-hardening"),
        ("农村危房改造", "housing-renovation"),
        ("秸秆综合利用", "straw-utilization"),
        ("地质灾害排查", "geohazard-survey"),
    ],
    &[
        ("驻村工作队考核评价", "assessment"),
        ("驻村干部培训", "cadre-training"),
        ("村级集体经济扶持资金申报", "fund-application"),
        ("冬季农村安全生产", "winter-safety"),
        ("驻村工作队轮换", "team-rotation"),
        ("防返贫动态监测", "poverty-monitoring"),
        ("驻村工作经费管理", "funding-management"),
        ("驻村干部在岗抽查", "attendance-check"),
        ("优秀驻村第一书记推荐", "secretary-nomination"),
        ("驻村工作信息报送", "information-reporting"),
        ("防汛备汛", "flood-prevention"),
        ("驻村工作典型案例征集", "case-collection"),
    ],
];

/// Title patterns for bulletins: {v} village, {k} topic, {h} households, {n} small number.
const BULLETIN_TITLES: &[&str] = &[
    "{v}扎实推进{k}工作",
    "{v}{k}带动{h}户群众增收",
    "{v}召开{k}工作推进会",
    "{v}{k}取得阶段性成效",
    "{t}深入开展{k}",
    "{v}创新开展{k}见实效",
    "{v}以{k}助力乡村振兴",
    "{v}{k}工作经验做法",
    "{t}召开{k}专题会议",
    "{v}多措并举抓好{k}",
    "{v}{k}跑出“加速度”",
    "{t}聚焦{k}办实事",
    "{v}{k}观摩活动举行",
    "{v}着力补齐{k}短板",
    "{v}{k}惠及{h}户村民",
    "{t}组织开展{k}“回头看”",
];

/// Title patterns for notices: {y} year, {k} topic, {u} unit.
const NOTICE_TITLES: &[&str] = &[
    "关于做好{y}年{k}工作的通知",
    "关于开展{y}年度{k}工作的通知",
    "关于进一步加强{k}的通知",
    "{u}关于{k}有关事项的通知",
    "关于{k}情况的通报",
    "关于印发《{k}工作方案》的通知",
    "关于{k}结果的公示",
    "关于报送{y}年{k}材料的通知",
];

/// Sentence openers. Placeholders: see [`fill`].
const OPENERS: &[&str] = &[
    "今年以来，",
    "{y}年{mo}月，",
    "近期，",
    "{mo}月{d}日，",
    "为深入贯彻落实县委关于驻村帮扶工作的部署要求，",
    "按照《青山县驻村工作队管理办法》（{doc}）有关要求，",
    "为进一步巩固拓展脱贫攻坚成果，",
    "结合本村实际，",
    "在县委组织部的指导下，",
    "围绕全年目标任务，",
    "针对群众反映集中的问题，",
    "进驻以来，",
    "在前期摸底调研的基础上，",
    "根据{u}工作安排，",
    "为推动乡村振兴各项任务落地见效，",
    "坚持“群众点单、支部派单、党员接单”，",
    "按照“一村一策”的思路，",
    "聚焦群众急难愁盼，",
    "在乡镇党委的统筹协调下，",
    "入冬以来，",
    "春耕备耕期间，",
    "汛期来临之前，",
    "按照年初制定的帮扶计划，",
    "截至{mo}月底，",
    "对照年度考核指标，",
    "为了让政策更好惠及群众，",
    "在广泛征求群众意见的基础上，",
    "借助{u}的行业优势，",
    "在县乡两级的共同支持下，",
    "为加快补齐发展短板，",
];

const SUBJECTS: &[&str] = &[
    "{t}",
    "{v}党支部",
    "村“两委”班子",
    "工作队全体队员",
    "驻村第一书记",
    "{v}村委会",
    "{u}",
    "工作队与村党支部",
    "{v}股份经济合作社",
    "乡镇包村干部和工作队",
    "村务监督委员会",
    "全村党员",
    "{v}致富带头人",
    "派出单位{u}",
    "工作队队长",
];

/// Verb phrases; `{k}` is the page's topic.
const ACTIONS: &[&str] = &[
    "围绕{k}目标，组织召开专题推进会{n}次",
    "深入农户家中走访调研，摸清{k}的基本底数",
    "逐户建立工作台账，实行清单化管理、项目化推进",
    "争取上级项目资金{m}万元，用于{k}",
    "邀请县农技中心专家开展现场指导{n}场次",
    "组织党员群众赴先进村观摩学习",
    "召开村民代表大会，讨论通过了{k}实施方案",
    "建立“支部+合作社+农户”利益联结机制",
    "对照问题清单逐项整改销号",
    "开展入户宣传，发放明白纸{N}份",
    "组织村干部和党员骨干集中学习{n}次",
    "制定{k}工作方案，明确时间表和路线图",
    "落实“四议两公开”工作法，重大事项全程公开",
    "推行“积分制”管理，每季度评比公示一次",
    "成立{k}工作专班，由驻村第一书记任组长",
    "与县内龙头企业签订订单收购协议",
    "利用农闲时节开办夜校，累计培训{N}人次",
    "建成标准化示范点{n}个",
    "对全村{h}户农户开展防返贫动态监测",
    "协调解决群众反映的实际问题{n}件",
    "组织志愿者开展集中服务活动{n}次",
    "推动{k}与乡村旅游融合发展",
    "搭建线上销售平台，拓宽农产品销售渠道",
    "规范村级财务管理，实行账目月公开",
    "完善村规民约，将{k}纳入村民自治内容",
    "开展“回头看”，对前期工作进行全面梳理",
    "引导{h}户农户以土地经营权入股合作社",
    "整合涉农资金{m}万元，集中投向{k}",
    "组织开展技能比武和经验交流",
    "建立工作队队员包片联户制度",
    "定期召开工作例会，研究解决{k}中的困难",
    "把{k}列入村级年度重点任务",
    "引进社会资本{m}万元参与{k}",
    "对标先进村查找差距，制定整改措施{n}条",
    "结合主题党日开展{k}专题研讨",
    "通过村广播、微信群等渠道广泛宣传",
    "实行“周调度、月通报、季考评”",
    "组织党员认领公益岗位{n}个",
    "为{h}户农户免费发放种苗和农资",
    "推动村级事务阳光公开、群众监督",
];

/// Outcome phrases.
const RESULTS: &[&str] = &[
    "累计带动{h}户农户增收",
    "村集体经济收入达到{m}万元",
    "群众满意度提升到{p}%",
    "户均增收{N}元",
    "相关做法得到县委主要领导肯定",
    "受益群众达{N}余人",
    "问题整改完成率达{p}%",
    "带动本村劳动力就近就业{n}人",
    "示范效应逐步显现",
    "有效激发了群众的内生动力",
    "村容村貌明显改善",
    "党员先锋模范作用进一步发挥",
    "为下一步全面推开积累了经验",
    "新增产值{m}万元",
    "覆盖面积{mu}亩",
    "全村{h}户群众从中受益",
    "村级组织凝聚力明显增强",
    "工作效率较去年同期提高{p}%",
    "形成了可复制、可推广的经验",
    "为全县提供了借鉴",
    "群众参与率达到{p}%",
    "各项工作有序推进",
    "实现了村集体和农户“双增收”",
    "较上年增长{p}%",
    "得到群众普遍认可",
];

/// Whole sentences for variety.
const SENTENCES: &[&str] = &[
    "工作队坚持把群众满意作为衡量工作成效的根本标准，做到小事不出村、大事不出镇。",
    "实践证明，只有把支部建在产业链上，才能把党员凝聚在产业链上、把群众带动在产业链上。",
    "下一步，工作队将继续加强与派出单位的沟通协调，争取更多政策和项目向村里倾斜。",
    "会上，各村汇报了工作进展情况，查找了存在的问题和不足，提出了下一步工作打算。",
    "工作队队员吃住在村、工作在村，与村干部一道走村入户，帮助群众解决急难愁盼问题。",
    "会议强调，要坚持问题导向，对照年度目标任务倒排工期、挂图作战，确保各项工作按期完成。",
    "村党支部书记表示，将以此次活动为契机，进一步理清发展思路，带领群众增收致富。",
    "活动结束后，参会人员纷纷表示收获很大，将把学到的经验做法运用到实际工作中。",
    "群众普遍反映，工作队来了以后，村里的路好走了，环境变美了，腰包也鼓起来了。",
    "此项工作坚持政府引导、群众主体、市场运作的原则，充分尊重群众意愿。",
    "同时，工作队注重发挥老党员、老干部、乡贤等群体的作用，形成工作合力。",
    "在推进过程中，坚持因地制宜、分类施策，不搞“一刀切”。",
    "从实际效果看，这一做法既减轻了群众负担，又提高了办事效率。",
    "据统计，项目实施以来，未发生一起安全生产事故和群体性事件。",
    "下一步，将在总结经验的基础上，逐步在全镇范围内推广。",
    "工作中也存在一些困难，主要是资金投入不足、专业人才缺乏、群众参与积极性有待提高。",
    "针对这些问题，工作队将积极争取上级支持，加大人才引进和培养力度。",
    "各有关单位要高度重视，明确专人负责，确保各项工作落到实处。",
    "对工作推进不力、弄虚作假的，将按照有关规定严肃追责问责。",
    "请各单位于规定时间前将有关材料报送县委组织部组织二科，逾期不予受理。",
    "工作队还建立了群众诉求“接诉即办”机制，做到件件有回音、事事有着落。",
    "村里的变化，群众看在眼里、记在心上。",
    "这些成绩的取得，离不开县委、县政府的坚强领导和各派出单位的大力支持。",
    "下一步工作中，将坚持稳中求进，推动帮扶工作由“输血”向“造血”转变。",
    "目前，各项准备工作已基本就绪，预计将于年底前全面完工并投入使用。",
    "活动现场气氛热烈，吸引了周边村的群众前来参观。",
    "驻村以来，工作队共走访农户{h}户，收集意见建议{n}条，已全部办结。",
    "项目建成后，预计每年可为村集体增加收入{m}万元。",
    "该村被评为{y}年度县级示范村，相关经验在全县推广。",
    "据了解，这是该村今年以来开展的第{n}次同类活动。",
];

/// List items: bold lead and text.
const LIST_ITEMS: &[(&str, &str)] = &[
    (
        "统一品种技术",
        "引进适合本地种植的良种，新建标准化示范基地{mu}亩，邀请专家定期指导",
    ),
    (
        "统一加工品牌",
        "争取项目资金{m}万元，建成初加工车间{n}座，注册自有商标，统一包装销售",
    ),
    (
        "统一收购销售",
        "按保护价收购社员产品，通过县内商超、机关食堂和线上店铺多渠道销售",
    ),
    (
        "完善利益联结",
        "盈余按村集体30%、社员分红50%、发展基金20%的比例分配",
    ),
    (
        "建强支部班子",
        "选优配强村“两委”成员，新发展党员{n}名，培养入党积极分子{n}名",
    ),
    (
        "规范组织生活",
        "严格落实“三会一课”、主题党日等制度，全年开展组织生活{n}次",
    ),
    (
        "推行网格管理",
        "全村划分为{n}个网格，每个网格由一名党员担任网格员",
    ),
    ("强化教育培训", "举办各类培训班{n}期，培训党员群众{N}人次"),
    (
        "抓好技能培训",
        "围绕种植养殖、电商营销、家政服务等开设专题课程{n}门",
    ),
    (
        "鼓励返乡创业",
        "落实创业担保贷款{m}万元，扶持返乡创业项目{n}个",
    ),
    ("培育后备力量", "建立村级后备干部人才库，储备青年人才{n}名"),
    (
        "深化移风易俗",
        "修订完善村规民约，成立红白理事会，遏制大操大办、人情攀比",
    ),
    (
        "开展文明评选",
        "每年评选文明家庭、好婆婆好媳妇{n}户，张榜公布、登台领奖",
    ),
    (
        "丰富文化生活",
        "建成文化广场{n}处，组建文艺队{n}支，常态化开展群众文化活动",
    ),
    (
        "整治人居环境",
        "开展村庄清洁行动{n}次，清理垃圾{N}吨，拆除危旧房{n}处",
    ),
    (
        "推进农村改厕",
        "完成户厕改造{h}户，配套建设粪污资源化利用设施",
    ),
    ("治理生活污水", "铺设污水管网{N}米，建成小型污水处理站{n}座"),
    (
        "落实河长制度",
        "村级河长每周巡河一次，发现问题及时交办、限时整改",
    ),
    (
        "健全监测机制",
        "对{h}户脱贫户和监测户实行动态监测、精准帮扶",
    ),
    (
        "压实工作责任",
        "建立责任清单，明确每名队员的包联任务和完成时限",
    ),
    (
        "加强督促检查",
        "采取“四不两直”方式开展督查{n}次，发现问题{n}个，已全部整改",
    ),
    (
        "注重宣传引导",
        "通过村务公开栏、微信群等渠道及时发布政策信息{N}条",
    ),
    (
        "强化资金保障",
        "统筹安排帮扶资金{m}万元，专款专用、全程公开",
    ),
    (
        "完善制度机制",
        "制定工作制度{n}项，做到用制度管人、按制度办事",
    ),
    (
        "发挥党员作用",
        "设立党员先锋岗{n}个，组织党员亮身份、作表率",
    ),
    ("拓宽销售渠道", "开设直播间{n}个，全年线上销售农产品{m}万元"),
    ("发展乡村旅游", "改造提升民宿{n}家，年接待游客{N}人次"),
    ("改善基础设施", "硬化通组道路{N}米，安装太阳能路灯{n}盏"),
    ("保障饮水安全", "新建蓄水池{n}座，解决{h}户群众饮水问题"),
    (
        "做好兜底保障",
        "为符合条件的困难群众落实低保、临时救助等政策",
    ),
];

/// Table rows: indicator name and a base value range (low, high) for the first year.
const INDICATORS: &[(&str, usize, usize)] = &[
    ("村集体经济收入（万元）", 5, 40),
    ("农村居民人均可支配收入（元）", 9000, 18000),
    ("入社农户（户）", 10, 120),
    ("种植面积（亩）", 100, 1500),
    ("产量（吨）", 8, 120),
    ("带动就业（人）", 10, 200),
    ("培训人次", 50, 800),
    ("党员人数（名）", 20, 90),
    ("新发展党员（名）", 1, 6),
    ("改厕户数（户）", 20, 300),
    ("垃圾清运量（吨）", 50, 600),
    ("志愿服务时长（小时）", 200, 3000),
    ("接待游客（人次）", 1000, 20000),
    ("线上销售额（万元）", 10, 300),
    ("硬化道路（公里）", 1, 15),
    ("帮扶资金（万元）", 20, 500),
    ("监测户数（户）", 3, 40),
    ("群众满意度（%）", 80, 95),
    ("返乡创业人数（人）", 3, 40),
    ("文明家庭（户）", 5, 60),
];

const BULLETIN_HEADINGS: &[&[&str]] = &[
    &["基本情况", "工作背景", "情况概述", "项目概况"],
    &["主要做法", "具体措施", "工作举措", "推进情况"],
    &["取得成效", "工作成效", "初步成效", "主要成果"],
    &["经验启示", "几点体会", "存在问题"],
    &["下一步打算", "下一步工作安排", "下一步计划"],
];

const NOTICE_HEADINGS: &[&str] = &[
    "一、总体要求",
    "二、主要任务",
    "三、工作步骤",
    "四、有关数据",
    "五、工作要求",
];

const NOTICE_ADDRESSEES: &[&str] = &[
    "各乡镇党委，县直各驻村工作队派出单位：",
    "各乡镇党委、政府，县直有关单位：",
    "各驻村工作队，各有关单位：",
    "各乡镇党委，县直各单位：",
];

const HOME_BODY: &str = "本站是青山县驻村帮扶工作的信息发布平台，由中共青山县委组织部主办。全县驻村工作队围绕党建引领、产业发展、人才培育、乡风文明、生态宜居五个方面开展帮扶工作。\n\n各驻村工作队在这里发布工作动态和经验做法，县委组织部及有关部门在这里发布通知公告和政策文件。";

// ---------------------------------------------------------------------------------------------
// Pages.
// ---------------------------------------------------------------------------------------------

/// What other pages need to know about page `index`: where it is and what it is called.
struct Meta {
    section: usize,
    slug: String,
    title: String,
}

/// Everything about one page except its body.
struct Front {
    meta: Meta,
    topic: usize,
    date: String,
    year: usize,
    tags: Vec<usize>,
    villages: Vec<usize>,
    team: usize,
    author: usize,
    unit: usize,
}

const META_STREAM: u64 = 1;
const BODY_STREAM: u64 = 2;

fn front(seed: u64, index: usize) -> Front {
    let mut rng = Rng::for_page(seed, index, META_STREAM);
    // Notices are rarer than bulletins, as on a real site.
    let section = if rng.chance(8) {
        NOTICES
    } else {
        rng.below(NOTICES)
    };
    let topic = rng.below(TOPICS[section].len());
    let team = rng.below(TEAMS);
    let main_village = if rng.chance(70) {
        team_village(team)
    } else {
        rng.below(VILLAGES)
    };
    let mut villages = vec![main_village];
    for _ in 0..rng.below(3) {
        let v = rng.below(VILLAGES);
        if !villages.contains(&v) {
            villages.push(v);
        }
    }
    let tag_count = rng.range(1, 3);
    let tags = rng.distinct(tag_count, TAGS.len());
    // 730 days from 2024-01-01.
    let day = rng.below(731);
    let (year, month, dom) = civil_from_days(days_from_civil(2024, 1, 1) + day as i64);
    let date = if rng.chance(40) {
        format!(
            "{year:04}-{month:02}-{dom:02} {:02}:{:02}",
            rng.range(8, 18),
            rng.below(4) * 15
        )
    } else {
        format!("{year:04}-{month:02}-{dom:02}")
    };
    let unit = rng.below(UNITS.len());
    let mut ctx = Ctx {
        village: main_village,
        team,
        year: year as usize,
        topic: TOPICS[section][topic].0,
        unit,
    };
    let pattern = if section == NOTICES {
        rng.pick(NOTICE_TITLES)
    } else {
        rng.pick(BULLETIN_TITLES)
    };
    let title = fill(pattern, &mut ctx, &mut rng);
    let slug = if section == NOTICES {
        format!("{year}-{}-{index:06}", TOPICS[section][topic].1)
    } else {
        format!(
            "{}-{}-{index:06}",
            village_ascii(main_village),
            TOPICS[section][topic].1
        )
    };
    Front {
        meta: Meta {
            section,
            slug,
            title,
        },
        topic,
        date,
        year: year as usize,
        tags,
        villages,
        team,
        author: rng.below(AUTHORS.len()),
        unit,
    }
}

fn meta(seed: u64, index: usize) -> Meta {
    front(seed, index).meta
}

/// The page's own facts that placeholders refer to.
struct Ctx {
    village: usize,
    team: usize,
    year: usize,
    topic: &'static str,
    unit: usize,
}

/// Replaces placeholders: `{v}` village, `{t}` team, `{u}` unit, `{k}` topic, `{y}` year,
/// `{mo}` month, `{d}` day, `{n}` 2–30, `{N}` 50–2000, `{h}` households, `{m}` 万元 amount,
/// `{p}` percent, `{mu}` area in 亩, `{doc}` a document number.
fn fill(pattern: &str, ctx: &mut Ctx, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("placeholder is closed");
        let key = &rest[open + 1..close];
        match key {
            "v" => out.push_str(&village(ctx.village)),
            "t" => out.push_str(&team(ctx.team)),
            "u" => out.push_str(UNITS[ctx.unit]),
            "k" => out.push_str(ctx.topic),
            "y" => write!(out, "{}", ctx.year).unwrap(),
            "mo" => write!(out, "{}", rng.range(1, 12)).unwrap(),
            "d" => write!(out, "{}", rng.range(1, 28)).unwrap(),
            "n" => write!(out, "{}", rng.range(2, 30)).unwrap(),
            "N" => write!(out, "{}", rng.range(5, 200) * 10).unwrap(),
            "h" => write!(out, "{}", rng.range(12, 320)).unwrap(),
            "m" => write!(out, "{}.{}", rng.range(3, 480), rng.below(10)).unwrap(),
            "p" => write!(out, "{}", rng.range(12, 98)).unwrap(),
            "mu" => write!(out, "{}", rng.range(3, 200) * 10).unwrap(),
            "doc" => {
                let prefix = ["青组发", "青组通", "青办发", "青政办发", "青农发"];
                write!(
                    out,
                    "{}〔{}〕{}号",
                    rng.pick(&prefix),
                    ctx.year,
                    rng.range(1, 60)
                )
                .unwrap()
            }
            other => panic!("unknown placeholder {{{other}}}"),
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn sentence(ctx: &mut Ctx, rng: &mut Rng) -> String {
    if rng.chance(25) {
        return fill(rng.pick(SENTENCES), ctx, rng);
    }
    let mut s = String::new();
    if rng.chance(60) {
        s.push_str(&fill(rng.pick(OPENERS), ctx, rng));
    }
    s.push_str(&fill(rng.pick(SUBJECTS), ctx, rng));
    s.push_str(&fill(rng.pick(ACTIONS), ctx, rng));
    if rng.chance(50) {
        s.push('，');
        s.push_str(&fill(rng.pick(ACTIONS), ctx, rng));
    }
    s.push('，');
    s.push_str(&fill(rng.pick(RESULTS), ctx, rng));
    s.push('。');
    s
}

fn paragraph(ctx: &mut Ctx, rng: &mut Rng, sentences: usize) -> String {
    let mut p = String::new();
    for _ in 0..sentences {
        p.push_str(&sentence(ctx, rng));
    }
    p
}

fn next_steps(ctx: &mut Ctx, rng: &mut Rng) -> String {
    let count = rng.range(2, 4);
    let ordinals = ["一是", "二是", "三是", "四是"];
    let mut p = String::from("下一步，");
    for (i, ordinal) in ordinals.iter().take(count).enumerate() {
        p.push_str(ordinal);
        p.push_str(&fill(rng.pick(ACTIONS), ctx, rng));
        p.push_str(if i + 1 == count { "。" } else { "；" });
    }
    p
}

fn list(ctx: &mut Ctx, rng: &mut Rng, ordered: bool) -> String {
    let count = rng.range(3, 5);
    let items = rng.distinct(count, LIST_ITEMS.len());
    let mut out = String::new();
    for (i, &k) in items.iter().enumerate() {
        let (lead, text) = LIST_ITEMS[k];
        if ordered {
            write!(out, "{}. ", i + 1).unwrap();
        } else {
            out.push_str("- ");
        }
        // Both placements of the full stop occur in real bulletins.
        if rng.chance(50) {
            write!(out, "**{lead}。**").unwrap();
        } else {
            write!(out, "**{lead}**：").unwrap();
        }
        out.push_str(&fill(text, ctx, rng));
        out.push_str(if i + 1 == items.len() { "。" } else { "；\n" });
    }
    out
}

fn table(ctx: &Ctx, rng: &mut Rng) -> String {
    let rows = rng.range(3, 6);
    let picked = rng.distinct(rows, INDICATORS.len());
    let first = ctx.year - 2;
    let mut out = format!(
        "| 指标 | {}年 | {}年 | {}年 |\n| --- | ---: | ---: | ---: |\n",
        first,
        first + 1,
        first + 2
    );
    for k in picked {
        let (name, lo, hi) = INDICATORS[k];
        let percent = name.contains('%');
        let decimals = percent || ["万元", "吨", "公里"].iter().any(|u| name.contains(u));
        let mut value = rng.range(lo, hi) as f64 + rng.below(10) as f64 / 10.0;
        out.push_str("| ");
        out.push_str(name);
        for _ in 0..3 {
            if decimals {
                write!(out, " | {value:.1}").unwrap();
            } else {
                write!(out, " | {}", value.round() as u64).unwrap();
            }
            let growth = if percent {
                rng.below(4) as f64 / 100.0
            } else {
                rng.range(3, 35) as f64 / 100.0
            };
            value *= 1.0 + growth;
            if percent {
                value = value.min(99.5);
            }
        }
        out.push_str(" |\n");
    }
    out.pop();
    out
}

/// A sentence that links to another generated page.
fn link_sentence(seed: u64, target: usize, rng: &mut Rng) -> String {
    let m = meta(seed, target);
    let path = format!("@/{}/{}.md", SECTIONS[m.section].0, m.slug);
    let lead = [
        "相关情况见",
        "具体做法可参阅",
        "详见",
        "此前的工作情况见",
        "有关要求见",
    ];
    format!("{}[{}]({path})。", rng.pick(&lead), m.title)
}

fn body(seed: u64, index: usize, pages: usize, f: &Front) -> String {
    let mut rng = Rng::for_page(seed, index, BODY_STREAM);
    let mut ctx = Ctx {
        village: f.villages[0],
        team: f.team,
        year: f.year,
        topic: TOPICS[f.meta.section][f.topic].0,
        unit: f.unit,
    };
    let target = rng.range(800, 1500);
    let link_count = if pages > 1 { rng.range(1, 3) } else { 0 };
    let mut links: Vec<String> = (0..link_count)
        .map(|_| {
            let mut j = rng.below(pages - 1);
            if j >= index {
                j += 1;
            }
            link_sentence(seed, j, &mut rng)
        })
        .collect();

    // Blocks before the filler point and after it; filler paragraphs go in between until the
    // body reaches its target length.
    let mut head: Vec<String> = Vec::new();
    let mut tail: Vec<String> = Vec::new();
    let notice = f.meta.section == NOTICES;
    if notice {
        head.push(rng.pick(NOTICE_ADDRESSEES).to_string());
        head.push(format!(
            "根据《{}》（{}）有关规定，为做好{}工作，现将有关事项通知如下。",
            rng.pick(&[
                "青山县驻村工作队管理办法",
                "青山县乡村振兴工作要点",
                "关于加强驻村干部管理的实施意见",
            ]),
            fill("{doc}", &mut ctx, &mut rng),
            ctx.topic
        ));
        head.push(format!("## {}", NOTICE_HEADINGS[0]));
        head.push(paragraph(&mut ctx, &mut rng, 2));
        head.push(format!("## {}", NOTICE_HEADINGS[1]));
        head.push(list(&mut ctx, &mut rng, true));
        tail.push(format!("## {}", NOTICE_HEADINGS[3]));
        tail.push(table(&ctx, &mut rng));
        tail.push(format!("## {}", NOTICE_HEADINGS[4]));
        tail.push(format!(
            "**特别提醒：**{}",
            fill(rng.pick(SENTENCES), &mut ctx, &mut rng)
        ));
        tail.push(UNITS[ctx.unit].to_string());
        tail.push(fill("{y}年{mo}月{d}日", &mut ctx, &mut rng));
    } else {
        head.push(paragraph(&mut ctx, &mut rng, 2));
        head.push(format!("## {}", rng.pick(BULLETIN_HEADINGS[0])));
        head.push(paragraph(&mut ctx, &mut rng, 2));
        head.push(format!("## {}", rng.pick(BULLETIN_HEADINGS[1])));
        head.push(format!("{}主要抓了以下几个方面的工作：", ctx.topic));
        let ordered = rng.chance(60);
        head.push(list(&mut ctx, &mut rng, ordered));
        tail.push(format!("## {}", rng.pick(BULLETIN_HEADINGS[2])));
        tail.push(table(&ctx, &mut rng));
        tail.push(format!(
            "{}**{}**。",
            paragraph(&mut ctx, &mut rng, 1),
            fill(rng.pick(RESULTS), &mut ctx, &mut rng)
        ));
        if rng.chance(40) {
            tail.push(format!("## {}", rng.pick(BULLETIN_HEADINGS[3])));
            tail.push(paragraph(&mut ctx, &mut rng, 1));
        }
        tail.push(format!("## {}", rng.pick(BULLETIN_HEADINGS[4])));
        tail.push(next_steps(&mut ctx, &mut rng));
    }

    // Fill sentence by sentence, so the body ends within one sentence of its target.
    let length = |blocks: &[String]| blocks.iter().map(|b| b.chars().count()).sum::<usize>();
    let fixed = length(&head) + length(&tail) + length(&links);
    let mut filler: Vec<String> = Vec::new();
    let mut filled = 0;
    while fixed + filled < target {
        if filler.is_empty() && notice {
            filler.push(format!("## {}", NOTICE_HEADINGS[2]));
        }
        let s = sentence(&mut ctx, &mut rng);
        filled += s.chars().count();
        match filler.last_mut() {
            Some(last) if !last.starts_with('#') && rng.chance(60) => last.push_str(&s),
            _ => filler.push(s),
        }
    }

    // Put each link at the end of a random prose paragraph.
    let mut blocks: Vec<String> = head.into_iter().chain(filler).chain(tail).collect();
    let prose: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.ends_with('。') && !b.starts_with("**"))
        .map(|(i, _)| i)
        .collect();
    for link in links.drain(..) {
        let at = rng.pick(&prose);
        blocks[at].push_str(&link);
    }
    let mut out = blocks.join("\n\n");
    out.push('\n');
    out
}

fn page_file(seed: u64, index: usize, pages: usize) -> (PathBuf, String) {
    let f = front(seed, index);
    let mut out = String::with_capacity(6 * 1024);
    out.push_str("---\n");
    writeln!(out, "title: {}", f.meta.title).unwrap();
    writeln!(out, "date: {}", f.date).unwrap();
    let tags: Vec<&str> = f.tags.iter().map(|&k| TAGS[k]).collect();
    writeln!(out, "tags: [{}]", tags.join(", ")).unwrap();
    let villages: Vec<String> = f.villages.iter().map(|&k| village(k)).collect();
    writeln!(out, "villages: [{}]", villages.join(", ")).unwrap();
    if f.meta.section != NOTICES {
        writeln!(out, "team: \"{}\"", team(f.team)).unwrap();
    }
    writeln!(out, "author: {}", AUTHORS[f.author]).unwrap();
    let source = if f.meta.section == NOTICES {
        UNITS[f.unit].to_string()
    } else {
        team(f.team)
    };
    writeln!(out, "source: {source}").unwrap();
    out.push_str("---\n");
    out.push_str(&body(seed, index, pages, &f));
    let path = PathBuf::from(SECTIONS[f.meta.section].0).join(format!("{}.md", f.meta.slug));
    (path, out)
}

// ---------------------------------------------------------------------------------------------
// Dates (days since 1970-01-01, proleptic Gregorian).
// ---------------------------------------------------------------------------------------------

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

// ---------------------------------------------------------------------------------------------
// Site files and command line.
// ---------------------------------------------------------------------------------------------

fn site_yaml() -> String {
    "# Synthetic benchmark site written by examples/gen_corpus.rs\n\
     title: 青山县驻村工作简报（基准测试）\n\
     description: 由 gen_corpus 生成的基准测试网站，所涉单位、人员与数据均为虚构。\n\
     base_url: https://www.qingshan.example.gov.cn/\n\
     language: zh-CN\n\
     timezone: Asia/Shanghai\n\
     output_dir: public\n\
     page_size: 20\n\
     footer:\n  sponsor: 中共青山县委组织部\n"
        .to_string()
}

fn section_index(k: usize) -> String {
    let (_, title, description) = SECTIONS[k];
    format!(
        "---\ntitle: {title}\ndescription: {description}\nsort_by: date\npage_size: 20\nweight: {}\n---\n{description}\n",
        k + 1
    )
}

fn home_index(seed: u64, pages: usize) -> String {
    let mut out = format!(
        "---\ntitle: 青山县驻村工作简报\ndescription: 全县驻村工作队的工作动态、经验做法和通知公告。\n---\n{HOME_BODY}"
    );
    if pages > 0 {
        let m = meta(seed, 0);
        write!(
            out,
            "近期工作情况见[{}](@/{}/{}.md)。",
            m.title, SECTIONS[m.section].0, m.slug
        )
        .unwrap();
    }
    out.push('\n');
    out
}

/// What to write (also used by the output-identity test, which includes this file).
pub struct Options {
    pub pages: usize,
    pub seed: u64,
    pub out: PathBuf,
}

const USAGE: &str = "usage: gen_corpus --pages N [--seed S] --out DIR\n\
    Writes a synthetic jianbao site of N pages into DIR (missing or empty).";

fn parse_args() -> Result<Options, String> {
    let mut pages = None;
    let mut seed = 1;
    let mut out = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--pages" => {
                let v = value("--pages")?;
                pages = Some(
                    v.parse()
                        .map_err(|_| format!("--pages: not a number: {v}"))?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    Ok(Options {
        pages: pages.ok_or("--pages is required")?,
        seed,
        out: out.ok_or("--out is required")?,
    })
}

/// Writes the whole site into `opts.out`, which must be empty or missing.
pub fn write_site(opts: &Options) -> io::Result<()> {
    let out = &opts.out;
    if out.exists() && fs::read_dir(out)?.next().is_some() {
        return Err(io::Error::other(format!(
            "{} exists and is not empty",
            out.display()
        )));
    }
    let content = out.join("content");
    fs::create_dir_all(&content)?;
    fs::write(out.join("site.yaml"), site_yaml())?;
    fs::write(content.join("_index.md"), home_index(opts.seed, opts.pages))?;
    for (k, (dir, _, _)) in SECTIONS.iter().enumerate() {
        fs::create_dir_all(content.join(dir))?;
        fs::write(content.join(dir).join("_index.md"), section_index(k))?;
    }
    // Pages are independent: split them over the available cores.
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let content = &content;
                scope.spawn(move || -> io::Result<()> {
                    for index in (t..opts.pages).step_by(threads) {
                        let (rel, text) = page_file(opts.seed, index, opts.pages);
                        write_file(&content.join(rel), text.as_bytes())?;
                    }
                    Ok(())
                })
            })
            .collect();
        handles
            .into_iter()
            .try_for_each(|h| h.join().expect("generator thread panicked"))
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::File::create(path)?;
    file.write_all(bytes)
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(opts) => opts,
        Err(message) => {
            if !message.is_empty() {
                eprintln!("gen_corpus: {message}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let started = Instant::now();
    if let Err(err) = write_site(&opts) {
        eprintln!("gen_corpus: {err}");
        return ExitCode::FAILURE;
    }
    eprintln!(
        "gen_corpus: wrote {} pages (seed {}) to {} in {:.1} s",
        opts.pages,
        opts.seed,
        opts.out.display(),
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for z in [-1000, 0, 19_723, 20_000, 30_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
    }

    #[test]
    fn same_seed_same_page() {
        assert_eq!(page_file(7, 42, 1000), page_file(7, 42, 1000));
        assert_ne!(page_file(7, 42, 1000).1, page_file(8, 42, 1000).1);
    }

    #[test]
    fn bodies_are_800_to_1500_characters_with_links() {
        for index in 0..300 {
            let f = front(3, index);
            let text = body(3, index, 300, &f);
            let chars = text.chars().count();
            assert!((800..=1600).contains(&chars), "page {index}: {chars} chars");
            let links = text.matches("](@/").count();
            assert!((1..=3).contains(&links), "page {index}: {links} links");
            assert!(text.contains("\n## ") && text.contains("| --- |") && text.contains("**"));
        }
    }

    #[test]
    fn slugs_are_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for index in 0..2000 {
            let m = meta(5, index);
            assert!(seen.insert((m.section, m.slug)));
        }
    }

    #[test]
    fn vocabulary_sizes() {
        assert_eq!(VILLAGE_FIRST.len() * VILLAGE_SECOND.len(), VILLAGES);
        assert_eq!(TAGS.len(), 40);
        let teams: std::collections::BTreeSet<String> = (0..TEAMS).map(team).collect();
        assert_eq!(teams.len(), TEAMS);
    }
}
