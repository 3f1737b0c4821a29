"""Messages in English and Chinese: labels, column headers, chart titles, reading guides.

One catalogue maps a key to its English and Chinese text. :func:`t` looks a key up (with
``str.format`` fields), :func:`translate_columns` renames a frame's columns for display, and
:func:`translate_values` translates coded values such as advantage classes. Keys are grouped
by prefix: ``col.`` column headers, ``class.`` category values, ``chart.`` chart titles and
axes, ``guide.`` one-line reading guides, ``report.`` report text, ``reason.`` the reason
sentences of the planning tables (``approach.`` their strategic approaches), ``cli.``
command-line messages and ``web.`` dashboard labels.

Unknown column names and values are left as they are, so a table with extra columns still
displays; an unknown *key* passed to :func:`t` is an error (a typo should not ship).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from advantage._checks import AdvantageError, check_choice

__all__ = [
    "CATALOGUE",
    "LANGUAGES",
    "SEPARATORS",
    "catalogue",
    "check_lang",
    "column_label",
    "join_text",
    "t",
    "translate_columns",
    "translate_values",
]

#: Supported language codes, in the order the interfaces offer them.
LANGUAGES = ("en", "zh")

#: How parts of a sentence are joined: kind -> (English, Chinese).
#: ("names" joins a list of names, "list" the facts of a clause.)
SEPARATORS: dict[str, tuple[str, str]] = {"names": (", ", "、"), "list": (", ", "，"),
                                          "clause": ("; ", "；")}

#: key -> (English, Chinese).
CATALOGUE: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- languages
    "lang.en": ("English", "英文"),
    "lang.zh": ("Chinese", "中文"),
    # ---------------------------------------------------------------- column headers
    "col.time": ("Year", "年份"),
    "col.year": ("Year", "年份"),
    "col.region": ("Region", "地区"),
    "col.activity": ("Activity", "产业"),
    "col.value": ("Value", "数值"),
    "col.rca": ("RCA", "显示性比较优势"),
    "col.lq": ("Location quotient", "区位商"),
    "col.mcp": ("Present (RCA >= 1)", "具有优势 (RCA≥1)"),
    "col.density": ("Relatedness density", "关联密度"),
    "col.distance": ("Distance", "距离"),
    "col.cog": ("Complexity outlook gain", "复杂度前景增益"),
    "col.diversity": ("Diversity", "多样性"),
    "col.eci": ("Economic complexity (ECI)", "经济复杂度 (ECI)"),
    "col.coi": ("Complexity outlook (COI)", "复杂度前景指数 (COI)"),
    "col.fitness": ("Fitness", "适应度"),
    "col.ubiquity": ("Ubiquity", "普遍性"),
    "col.pci": ("Activity complexity (PCI)", "产业复杂度 (PCI)"),
    "col.complexity": ("Complexity (fitness method)", "复杂度 (适应度法)"),
    "col.share": ("Share of region", "占本地区比重"),
    "col.share_of_region": ("Share of region", "占本地区比重"),
    "col.share_of_nation": ("Share of nation", "占全国比重"),
    "col.growth_vs_nation": ("Growth vs nation (per year)", "相对全国年均增长"),
    "col.quadrant": ("Quadrant", "象限"),
    "col.endowment_name": ("Endowment drawn on", "所依托的资源"),
    "col.national_share": ("Share of nation", "占全国比重"),
    "col.scale": ("Scale", "规模"),
    "col.growth": ("Growth vs nation", "相对全国增长"),
    "col.class": ("Class", "类别"),
    "col.reason": ("Why", "原因"),
    "col.feasibility": ("Feasibility", "可行性"),
    "col.strategic_value": ("Strategic value", "战略价值"),
    "col.score": ("Score", "得分"),
    "col.rank": ("Rank", "排名"),
    "col.similarity": ("Structural similarity", "结构相似系数"),
    "col.region_a": ("Region A", "地区甲"),
    "col.region_b": ("Region B", "地区乙"),
    "col.component": ("Component", "分量"),
    "col.national": ("National growth", "全国增长分量"),
    "col.industry_mix": ("Industry mix", "产业结构分量"),
    "col.competitive": ("Competitive", "竞争力分量"),
    "col.total": ("Total change", "总变化"),
    "col.origin": ("Origin region", "转出地区"),
    "col.source": ("Losing source regions", "转出地区"),
    "col.distance_km": ("Distance (km)", "距离 (公里)"),
    "col.losing_sources": ("Losing source regions", "转出地区"),
    "col.relocating": ("Relocating", "正在转移"),
    "col.approach": ("Strategic approach", "战略路径"),
    "col.related": ("Related activities it has", "已有的相关产业"),
    "col.momentum": ("National momentum", "全国增长势头"),
    "col.cost": ("Cost index", "成本指数"),
    "col.destination": ("Destination region", "承接地区"),
    "col.fit": ("Fit", "匹配度"),
    "col.relocation": ("Relocation signal", "转移信号"),
    "col.endowment": ("Endowment", "资源禀赋"),
    "col.n_regions": ("Regions", "地区数"),
    "col.n_activities": ("Activities", "产业数"),
    "col.n_times": ("Years", "年数"),
    "col.first_year": ("First year", "起始年份"),
    "col.last_year": ("Last year", "最近年份"),
    "col.name": ("Name", "名称"),
    "col.missing": ("Missing values", "缺失值处理"),
    "col.duplicates": ("Repeated keys", "重复记录处理"),
    "col.sheet": ("Sheet", "工作表"),
    "col.contents": ("Contents", "内容"),
    # ---------------------------------------------------------------- classes
    "class.star": ("Advantage, growing", "优势且增长"),
    "class.mature": ("Advantage, declining", "优势但下降"),
    "class.marginal": ("Weak, declining", "弱势且下降"),
    "class.not present": ("Not present", "无此产业"),
    "class.pillar": ("Pillar", "支柱产业"),
    "class.endowment-based characteristic": ("Endowment-based characteristic",
                                             "资源禀赋型特色产业"),
    "class.declining": ("Advantaged, declining", "优势但衰退"),
    "class.advantaged": ("Advantaged", "优势产业"),
    "class.emerging": ("Emerging", "新兴产业"),
    "class.present, not specialised": ("Present, not specialised", "非专业化产业"),
    "quadrant.specialised, gaining": ("Specialised, gaining", "专业化且增长"),
    "quadrant.specialised, losing ground": ("Specialised, losing ground", "专业化但下滑"),
    "quadrant.not specialised, gaining": ("Not specialised, gaining", "非专业化但增长"),
    "quadrant.not specialised, losing ground": ("Not specialised, losing ground",
                                                "非专业化且下滑"),
    "class.component.national": ("National growth", "全国增长分量"),
    "class.component.industry_mix": ("Industry mix", "产业结构分量"),
    "class.component.competitive": ("Competitive", "竞争力分量"),
    # ---------------------------------------------------------------- charts
    "chart.quadrant.title": ("Advantage and growth: {region}", "比较优势与增长：{region}"),
    "chart.quadrant.x": ("Location quotient (log scale)", "区位商 (对数坐标)"),
    "chart.quadrant.y": ("Growth relative to the nation", "相对全国的增长"),
    "chart.space.title": ("Activity space: {region}", "产业空间：{region}"),
    "chart.space.strong": ("Activities with RCA >= 1", "具有比较优势的产业 (RCA≥1)"),
    "chart.space.other": ("Other activities", "其他产业"),
    "chart.opportunities.title": ("Opportunities: {region}", "发展机会：{region}"),
    "chart.opportunities.x": ("Feasibility (relatedness density)", "可行性 (关联密度)"),
    "chart.opportunities.y": ("Strategic value (complexity outlook gain)",
                              "战略价值 (复杂度前景增益)"),
    "chart.similarity.title": ("Structural similarity between regions",
                               "地区间产业结构相似度"),
    "chart.shiftshare.title": ("Shift-share: {region}", "偏离-份额分析：{region}"),
    "chart.shiftshare.y": ("Change in value", "数值变化"),
    "chart.eci.title": ("Economic complexity over time", "经济复杂度的变化"),
    "chart.eci.y": ("ECI (standardised)", "ECI (标准化)"),
    "chart.map.title": ("{measure} by region, {year}", "各地区{measure}，{year}年"),
    "chart.transfer.title": ("Transfer matchmaking", "产业转移对接"),
    "chart.size": ("Bubble size: scale", "气泡大小：规模"),
    "chart.focus": ("Focus regions", "重点地区"),
    "chart.other_regions": ("Other regions", "其他地区"),
    # ---------------------------------------------------------------- reading guides
    "guide.quadrant": (
        "Right of 1: the region is specialised; above 0: it grows faster than the nation. "
        "Top right are advantageous, growing activities.",
        "横轴大于1表示本地区专业化，纵轴大于0表示增长快于全国；右上方为具有优势且正在增长的产业。"),
    "guide.space": (
        "Each dot is an activity, linked to those it is most often co-located with; "
        "highlighted dots are the region's strengths, and nearby grey dots are within reach.",
        "每个点代表一个产业，连线表示经常同时出现的产业；高亮点为本地区优势产业，其附近的灰点较易发展。"),
    "guide.opportunities": (
        "Further right: closer to what the region already does well; higher: opens more "
        "complex activities. Top right are the best bets.",
        "越靠右越接近本地区已有优势，越靠上越能带动更复杂的产业；右上方为最佳选择。"),
    "guide.similarity": (
        "Darker cells are pairs of regions with more similar industrial structures "
        "(possible duplication).",
        "颜色越深表示两地区产业结构越相似，可能存在同构与重复建设。"),
    "guide.shiftshare": (
        "The competitive component is the change due to local performance, beyond national "
        "growth and the region's industry mix.",
        "竞争力分量是扣除全国增长和产业结构影响后、由本地竞争力带来的变化。"),
    "guide.eci": (
        "Rising lines mean the region's activities are becoming more diverse and more complex.",
        "曲线上升表示该地区的产业更加多样、更加复杂。"),
    "guide.map": (
        "Darker regions have higher values; focus regions are outlined.",
        "颜色越深数值越高；重点地区以粗线勾出。"),
    "guide.transfer": (
        "Activities leaving their origin regions, with the destinations that fit them best "
        "(higher fit first).",
        "正在从转出地区转移的产业及最匹配的承接地区（匹配度从高到低）。"),
    # ---------------------------------------------------------------- report text
    "report.title": ("Regional advantage report: {region}", "地区比较优势报告：{region}"),
    "report.subtitle": ("{n_regions} regions x {n_activities} activities, {years}",
                        "{n_regions}个地区 × {n_activities}个产业，{years}"),
    "report.generated": ("Generated by Advantage {version}", "由 Advantage {version} 生成"),
    "report.section.summary": ("Summary", "概要"),
    "report.section.quadrant": ("Advantage and growth", "比较优势与增长"),
    "report.section.space": ("Activity space", "产业空间"),
    "report.section.opportunities": ("Opportunities", "发展机会"),
    "report.section.similarity": ("Structural similarity", "产业同构"),
    "report.section.shiftshare": ("Shift-share", "偏离-份额分析"),
    "report.section.eci": ("Complexity over time", "经济复杂度变化"),
    "report.section.transfer": ("Transfer matchmaking", "产业转移对接"),
    "report.section.map": ("Map", "地图"),
    "report.top_advantages": ("Top advantageous activities", "主要优势产业"),
    "report.top_opportunities": ("Top opportunities", "主要发展机会"),
    "report.no_data": ("Not available for this data: {reason}", "该数据无法提供：{reason}"),
    "report.no_time": ("the data has a single period", "数据只有一个时期"),
    "report.no_map": ("no boundaries match these regions", "没有与这些地区匹配的边界数据"),
    "report.no_transfer": ("no relocating activities were found", "未发现正在转移的产业"),
    "report.single_year": ("single period", "单一时期"),
    "report.sheet.summary": ("Summary", "概要"),
    "report.sheet.advantages": ("Advantages", "优势产业"),
    "report.sheet.opportunities": ("Opportunities", "发展机会"),
    "report.sheet.similarity": ("Similarity", "结构相似度"),
    "report.sheet.shiftshare": ("Shift-share", "偏离份额"),
    "report.sheet.eci": ("ECI", "经济复杂度"),
    "report.sheet.transfer": ("Transfer", "产业转移"),
    "report.sheet.regions": ("Regions", "地区指标"),
    "report.sheet.activities": ("Activities", "产业指标"),
    "report.about.advantages": ("Class, LQ, growth and reason for each activity of the focus "
                                "regions", "重点地区各产业的类别、区位商、增长及原因"),
    "report.about.opportunities": ("Suggested new activities with feasibility and strategic "
                                   "value", "建议发展的新产业及其可行性与战略价值"),
    "report.about.similarity": ("Structural similarity between every pair of regions",
                                "各地区两两之间的产业结构相似系数"),
    "report.about.shiftshare": ("Shift-share components of each region's change",
                                "各地区变化的偏离-份额分量"),
    "report.about.eci": ("Economic complexity of every region over time",
                         "各地区经济复杂度的变化"),
    "report.about.transfer": ("Transfer matchmaking: activities, origins and best-fitting "
                              "destinations", "产业转移对接：产业、转出地与最匹配的承接地"),
    "report.about.regions": ("Latest indicators of every region", "各地区最新指标"),
    "report.about.activities": ("Latest indicators of every activity", "各产业最新指标"),
    # ---------------------------------------------------------------- endowments (demo)
    "endowment.solar": ("Solar", "太阳能"),
    "endowment.wind": ("Wind", "风电"),
    "endowment.coal": ("Coal power", "煤电"),
    "endowment.chp": ("Combined heat and power", "热电联产"),
    "col.strength": ("Strength (1 = national per person)", "禀赋强度（全国人均=1）"),
    "col.technology": ("Technology", "发电类型"),
    "col.capacity_mw": ("Installed capacity (MW)", "装机容量（兆瓦）"),
    "chart.endowment.title": ("{endowment}: capacity per person relative to the nation, {year}",
                              "{endowment}：人均装机容量相对全国水平，{year}年"),
    "guide.endowment": (
        "1 is the national capacity per person, 2 twice that. Installed capacity is a proxy "
        "for the resource (where it was developed), not a measure of the resource itself.",
        "1表示全国人均装机水平，2表示两倍。装机容量是资源禀赋的近似（反映资源开发所在地），"
        "并非资源本身的度量。"),
    "demo.endowments.title": ("China's provincial energy endowments", "中国各省能源禀赋"),
    "demo.endowments.subtitle": (
        "Installed capacity per person, {year} (China Electricity Council via PyPSA-China; "
        "population: NBS)",
        "人均装机容量，{year}年（中国电力企业联合会，经 PyPSA-China；人口：国家统计局）"),
    # ---------------------------------------------------------------- planning reasons
    # One sentence per row of the planning tables; numbers arrive formatted (the same in
    # both languages), names of activities and regions as in the data. Lists and clauses
    # are joined with :func:`join_text`.
    "reason.when": (" in {time}", "（{time}年）"),
    "reason.not_present": ("not present: no value in this period", "无此产业：本期无数值"),
    "reason.pillar": ("pillar{when}: LQ {lq} >= {threshold} and {region_share} "
                      "(>= {pillar_share}%)",
                      "支柱产业{when}：区位商 {lq} ≥ {threshold}，{region_share} "
                      "≥ {pillar_share}%"),
    "reason.endowment": ("endowment-based characteristic{when}: LQ {lq} >= {threshold} and "
                         "draws on {endowment}, {strength}x the national amount per person "
                         "(>= {endowment_threshold})",
                         "资源禀赋型特色产业{when}：区位商 {lq} ≥ {threshold}，依托{endowment}，"
                         "人均为全国水平的 {strength} 倍 (≥ {endowment_threshold})"),
    "reason.declining": ("declining{when}: LQ {lq} >= {threshold} but {growth} (<= -{margin})",
                         "优势但衰退{when}：区位商 {lq} ≥ {threshold}，但{growth} "
                         "(≤ -{margin} 个百分点)"),
    "reason.advantaged": ("advantaged{when}: LQ {lq} >= {threshold}",
                          "优势产业{when}：区位商 {lq} ≥ {threshold}"),
    "reason.emerging": ("emerging{when}: LQ {lq} < {threshold} but {growth} (>= +{margin})",
                        "新兴产业{when}：区位商 {lq} < {threshold}，但{growth} "
                        "(≥ +{margin} 个百分点)"),
    "reason.emerging_new": ("emerging{when}: LQ {lq} < {threshold} but {growth}",
                            "新兴产业{when}：区位商 {lq} < {threshold}，但{growth}"),
    "reason.not_specialised": ("present, not specialised{when}: LQ {lq} < {threshold}",
                               "非专业化产业{when}：区位商 {lq} < {threshold}"),
    "reason.growth": ("{growth} pp/yr vs the nation since {base}",
                      "自{base}年以来年均增速较全国 {growth} 个百分点"),
    "reason.new_since": ("new since {base}", "自{base}年起新出现"),
    "reason.region_share": ("{share}% of the region", "占本地区经济 {share}%"),
    "reason.nation_share": ("{share}% of the nation", "占全国 {share}%"),
    "reason.competitive": ("competitive shift {shift}", "竞争力分量 {shift}"),
    "reason.pci": ("PCI {pci}", "产业复杂度 PCI {pci}"),
    "reason.opportunity": ("#{rank} ({approach}): {parts}", "第{rank}名（{approach}）：{parts}"),
    "reason.close_to": ("close to {related} that the region already has",
                        "接近本地区已有的{related}"),
    "reason.long_jump": ("no related activity present (a long jump)",
                         "本地区没有相关产业（跨越式发展）"),
    "reason.density": ("density {density}", "关联密度 {density}"),
    "reason.pci_lift": ("PCI {pci}, moving the mean PCI of its specialisations by {lift}",
                        "产业复杂度 PCI {pci}，使本地区优势产业的平均 PCI 变化 {lift}"),
    "reason.cog": ("complexity outlook gain {cog}", "复杂度前景增益 {cog}"),
    "reason.momentum": ("national growth {growth}%/yr", "全国年均增长 {growth}%"),
    "reason.draws_on": ("draws on {endowment} ({strength}x the national amount per person)",
                        "依托{endowment}（人均为全国水平的 {strength} 倍）"),
    "reason.upgrade": ("upgrade from {activity} (PCI {pci}) to {target} (PCI {target_pci}, "
                       "+{gain}): proximity {proximity}; the region's density in {target} is "
                       "{density}",
                       "由{activity}（PCI {pci}）升级到{target}（PCI {target_pci}，+{gain}）："
                       "邻近度 {proximity}；本地区在{target}上的关联密度为 {density}"),
    "reason.siting": ("#{rank} for {activity}: {region} has {strength}x the national "
                      "{endowment} per person",
                      "{activity}的第{rank}位选址：{region}人均{endowment}为全国水平的 "
                      "{strength} 倍"),
    "reason.relatedness": ("relatedness density {density}", "关联密度 {density}"),
    "reason.relocating": ("relocating {start}-{end}: source share {share_from}% -> "
                          "{share_to}%, source LQ {lq_from} -> {lq_to}, elsewhere {growth}%",
                          "{start}—{end}年正在转移：转出地区占全国比重 {share_from}% → "
                          "{share_to}%，其区位商 {lq_from} → {lq_to}，其他地区增长 {growth}%"),
    "reason.not_relocating": ("not relocating {start}-{end}: source share {share_from}% -> "
                              "{share_to}%, source LQ {lq_from} -> {lq_to}, elsewhere "
                              "{growth}%",
                              "{start}—{end}年未发生转移：转出地区占全国比重 {share_from}% → "
                              "{share_to}%，其区位商 {lq_from} → {lq_to}，其他地区增长 {growth}%"),
    "reason.lost_by": ("lost by {regions}", "流失地区：{regions}"),
    "reason.no_loss": ("no source loses it", "没有转出地区流失该产业"),
    "reason.destination": ("#{rank} destination for {activity} (leaving {source}): {parts}",
                           "{activity}的第{rank}位承接地（转出自{source}）：{parts}"),
    "reason.lq": ("LQ {lq}", "区位商 {lq}"),
    "reason.cost_below": ("costs {sd} sd below the destinations' mean",
                          "成本低于承接地区均值 {sd} 个标准差"),
    "reason.cost_above": ("costs {sd} sd above the destinations' mean",
                          "成本高于承接地区均值 {sd} 个标准差"),
    "reason.distance": ("{km} km from the losing sources", "距转出地区 {km} 公里"),
    "approach.light_touch": ("light_touch", "轻度引导"),
    "approach.parsimonious": ("parsimonious", "稳健多元"),
    "approach.strategic_bets": ("strategic_bets", "战略押注"),
    "approach.frontier": ("frontier", "前沿突破"),
    "approach.custom": ("custom", "自定义权重"),
    # ---------------------------------------------------------------- command line
    "cli.wrote": ("wrote {path}", "已写入 {path}"),
    "cli.computing": ("computing", "正在计算"),
    "cli.panel": ("{n_times} periods x {n_regions} regions x {n_activities} activities",
                  "{n_times}个时期 × {n_regions}个地区 × {n_activities}个产业"),
    "cli.serving": ("serving the dashboard at {url} (Ctrl+C to stop)",
                    "仪表板已启动：{url}（按 Ctrl+C 停止）"),
    "cli.no_data": ("no data loaded: open the dashboard and upload a file",
                    "尚未加载数据：请打开仪表板并上传文件"),
    "cli.error": ("error: {message}", "错误：{message}"),
    # ---------------------------------------------------------------- dashboard
    "web.title": ("Advantage dashboard", "Advantage 产业优势仪表板"),
    "web.nav.overview": ("Overview", "总览"),
    "web.nav.region": ("Region", "地区"),
    "web.nav.activity": ("Activity", "产业"),
    "web.nav.opportunities": ("Opportunities", "发展机会"),
    "web.nav.transfer": ("Transfer", "产业转移"),
    "web.nav.compare": ("Compare", "地区比较"),
    "web.nav.upload": ("Upload", "上传数据"),
    "web.language": ("Language", "语言"),
    "web.dataset": ("Dataset", "数据集"),
    "web.choose_region": ("Choose a region", "选择地区"),
    "web.choose_activity": ("Choose an activity", "选择产业"),
    "web.choose_regions": ("Regions to compare", "要比较的地区"),
    "web.no_data": ("No data yet. Upload a CSV or Excel file to begin.",
                    "尚无数据。请上传 CSV 或 Excel 文件开始分析。"),
    "web.loading": ("Loading...", "加载中……"),
    "web.upload.title": ("Upload a table", "上传数据表"),
    "web.upload.help": (
        "One row per region, activity (and year) with a non-negative value; say which "
        "columns hold each role. CSV or Excel, at most {limit} MB.",
        "每行为一个地区、产业（及年份）及其非负数值；请指明各列的含义。支持 CSV 或 Excel，"
        "不超过 {limit} MB。"),
    "web.upload.file": ("File", "文件"),
    "web.upload.submit": ("Upload", "上传"),
    "web.upload.done": ("Loaded {name}: {shape}", "已加载 {name}：{shape}"),
    "web.upload.error": ("The file was not accepted", "文件未被接受"),
    "web.error": ("Something went wrong", "出现错误"),
    "web.show": ("Show", "显示"),
    "web.top": ("Top {n}", "前{n}名"),
    "web.summary.regions": ("Regions", "地区"),
    "web.summary.activities": ("Activities", "产业"),
    "web.summary.years": ("Years", "年份"),
    "web.region.profile": ("Profile of {region}", "{region}概况"),
    "web.activity.profile": ("Profile of {activity}", "{activity}概况"),
    "web.activity.where": ("Where it is strongest", "优势最强的地区"),
    "web.transfer.help": (
        "Activities moving out of developed regions, and the lagging regions that fit them.",
        "从发达地区转出的产业及与之最匹配的欠发达地区。"),
    "web.compare.help": ("Choose two or more regions.", "请选择两个或以上地区。"),
    "web.map.none": ("No map: the regions do not match any boundaries.",
                     "无地图：这些地区与任何边界数据都不匹配。"),
    # ---------------------------------------------------------------- learned scorer reasons
    # (advantage.planning.scoring.learned_scores; facts: see that module's documentation)
    "reason.learned": ("{probability} chance of entry within the horizon (base rate "
                       "{base_rate}): {parts}",
                       "预计在期内进入的概率为 {probability}（基准率 {base_rate}）：{parts}"),
    "reason.raises": ("{feature} {value} raises it ({log_odds} log-odds)",
                      "{feature} {value} 提高概率（对数几率 {log_odds}）"),
    "reason.lowers": ("{feature} {value} lowers it ({log_odds} log-odds)",
                      "{feature} {value} 降低概率（对数几率 {log_odds}）"),
    "reason.fallback": ("learned scorer not used, ranked by relatedness density: {parts}",
                        "未使用学习模型，按关联密度排序：{parts}"),
    "reason.too_few_periods": ("only {periods} period(s) up to this one: no earlier outcome "
                               "to learn from",
                               "截至本期仅有 {periods} 个时期：没有可供学习的历史结果"),
    "reason.too_few_entries": ("only {entries} entries in {cells} training cells (at least "
                               "{needed} needed)",
                               "训练样本 {cells} 个中仅有 {entries} 次进入"
                               "（至少需要 {needed} 次）"),
    "reason.signal.rca": ("RCA", "显示性比较优势"),
    "reason.signal.rca_max_past": ("highest past RCA", "历史最高显示性比较优势"),
    "reason.signal.rca_trend": ("RCA change per year", "显示性比较优势年变化"),
    "reason.signal.value_trend": ("value change per year", "产值年变化"),
    "reason.signal.presence_share": ("share of periods with any value", "有数值的时期占比"),
    "reason.signal.density_min": ("relatedness density (rank)", "关联密度（排名）"),
    "reason.signal.density_max": ("relatedness density, max proximity (rank)",
                                  "关联密度，最大条件概率（排名）"),
    "reason.signal.density_geometric": ("relatedness density, geometric proximity (rank)",
                                        "关联密度，几何平均邻近度（排名）"),
    "reason.signal.density_association": ("relatedness density, association strength (rank)",
                                          "关联密度，关联强度（排名）"),
    "reason.signal.density_continuous": ("relatedness density, continuous proximity (rank)",
                                         "关联密度，连续邻近度（排名）"),
    "reason.signal.density_cosine": ("relatedness density, cosine proximity (rank)",
                                     "关联密度，余弦邻近度（排名）"),
    "reason.signal.region_neighbours": ("share of similar regions that have it (rank)",
                                        "相似地区拥有该产业的比例（排名）"),
    "reason.signal.activity_neighbours": ("closest related activity present (rank)",
                                          "本地区最相近的已有产业（排名）"),
    "reason.signal.region_size": ("region size (rank)", "地区规模（排名）"),
    "reason.signal.region_diversity": ("region diversity (rank)", "地区多样性（排名）"),
    "reason.signal.region_eci": ("region complexity ECI (rank)", "地区经济复杂度 ECI（排名）"),
    "reason.signal.region_growth": ("region growth per year (rank)", "地区年增长（排名）"),
    "reason.signal.region_volatility": ("region's RCA volatility (rank)",
                                        "地区显示性比较优势波动（排名）"),
    "reason.signal.activity_size": ("activity size (rank)", "产业规模（排名）"),
    "reason.signal.activity_ubiquity": ("activity ubiquity (rank)", "产业普遍性（排名）"),
    "reason.signal.activity_pci": ("activity complexity PCI (rank)", "产业复杂度 PCI（排名）"),
    "reason.signal.activity_growth": ("activity's national growth per year (rank)",
                                      "产业全国年增长（排名）"),
    "reason.signal.activity_volatility": ("activity's RCA volatility (rank)",
                                          "产业显示性比较优势波动（排名）"),
    # ---------------------------------------------------------------- end of learned scorer
}


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a supported language code, else raise naming the choices.

    Examples
    --------
    >>> check_lang("zh")
    'zh'
    """
    return str(check_choice("lang", lang, LANGUAGES))


def t(key: str, lang: str = "en", **fields: Any) -> str:
    """The text of ``key`` in ``lang``, with ``{name}`` fields filled from ``fields``.

    Parameters
    ----------
    key : str
        A catalogue key such as ``"col.rca"`` or ``"chart.quadrant.title"``.
    lang : {"en", "zh"}
        Language code.
    **fields
        Values for the ``{name}`` placeholders of the message.

    Returns
    -------
    str

    Examples
    --------
    >>> t("col.lq", "zh")
    '区位商'
    >>> t("cli.wrote", "en", path="out.html")
    'wrote out.html'
    """
    index = LANGUAGES.index(check_lang(lang))
    try:
        text = CATALOGUE[key][index]
    except KeyError:
        raise AdvantageError(f"message key {key!r} is not in the catalogue.") from None
    return text.format(**fields) if fields else text


def join_text(parts: Iterable[Any], lang: str = "en", kind: str = "list") -> str:
    """Join sentence parts with the separator of ``lang`` and ``kind`` (see SEPARATORS).

    Examples
    --------
    >>> join_text(["a", "b"], "en", "clause"), join_text(["a", "b"], "zh")
    ('a; b', 'a，b')
    """
    index = LANGUAGES.index(check_lang(lang))
    sep = SEPARATORS[str(check_choice("kind", kind, list(SEPARATORS)))][index]
    return sep.join(str(p) for p in parts)


def column_label(name: Any, lang: str = "en") -> str:
    """The display header of a column: its ``col.`` message, or the name itself if unknown.

    Examples
    --------
    >>> column_label("eci", "zh"), column_label("custom", "zh")
    ('经济复杂度 (ECI)', 'custom')
    """
    entry = CATALOGUE.get(f"col.{name}")
    return entry[LANGUAGES.index(check_lang(lang))] if entry else str(name)


def translate_columns(frame: pd.DataFrame, lang: str = "en",
                      labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` whose column headers are translated for display.

    Parameters
    ----------
    frame : pandas.DataFrame
    lang : {"en", "zh"}
    labels : mapping, optional
        Extra ``column -> header`` overrides (for example a value column's own name).

    Returns
    -------
    pandas.DataFrame
        The same data with display headers; unknown columns keep their names.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"region": ["a"], "rca": [1.5]})
    >>> list(translate_columns(frame, "zh").columns)
    ['地区', '显示性比较优势']
    """
    check_lang(lang)
    extra = dict(labels or {})
    mapping = {c: extra.get(str(c), column_label(c, lang)) for c in frame.columns}
    return frame.rename(columns=mapping)


def translate_values(values: Iterable[Any], prefix: str, lang: str = "en") -> list[str]:
    """Translate coded values (e.g. advantage classes) through the ``{prefix}.{value}`` keys.

    Values without a message are returned as strings, unchanged.

    Examples
    --------
    >>> translate_values(["star", "other"], "class", "zh")
    ['优势且增长', 'other']
    """
    index = LANGUAGES.index(check_lang(lang))
    out = []
    for value in values:
        entry = CATALOGUE.get(f"{prefix}.{value}")
        out.append(entry[index] if entry else str(value))
    return out


def catalogue(lang: str, prefixes: Iterable[str] | None = None) -> dict[str, str]:
    """Every message in one language (optionally only keys with the given prefixes).

    The web dashboard serves this to its front end, so both sides use one catalogue.
    """
    index = LANGUAGES.index(check_lang(lang))
    wanted = tuple(prefixes) if prefixes is not None else None
    return {key: texts[index] for key, texts in CATALOGUE.items()
            if wanted is None or key.startswith(wanted)}
