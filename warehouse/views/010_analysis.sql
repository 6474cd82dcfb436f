-- Analysis views beside the contract (README: "Analysis views"). Recreated on every connect.
-- They read only the contract views and the tables behind them; `fazhi query`, `fazhi search`,
-- `fazhi report` and the snapshot use them.

-- One report per unit and report year. A unit is a division's government or one of its
-- departments: (admin_code, level, department). Copies of one report (a seed file and the
-- crawled page, an aggregator's copy) are merged when loaded (report_copies); reports the
-- loader could not tell apart count once here: the crawled one wins, then the one with a
-- publish date, then the newest fetch. `copies` counts every copy that stands for the unit and
-- year, `publish_date` is the earliest any copy gives. Reports with no year (20xx年) or no
-- division are left out: we never guess.
CREATE OR REPLACE VIEW unit_reports AS
WITH copy_counts AS (
    SELECT report_id, count(*) AS n, min(publish_date) AS first_date FROM report_copies GROUP BY report_id
)
SELECT admin_code, admin_name, city, province, level, coalesce(department, '') AS department,
       report_year, report_id, portal_id, title,
       least(min(publish_date) OVER unit_year, min(c.first_date) OVER unit_year) AS publish_date,
       url, sum(coalesce(c.n, 1)) OVER unit_year AS copies
FROM latest_versions
LEFT JOIN copy_counts c USING (report_id)
WHERE report_year IS NOT NULL AND admin_code IS NOT NULL
WINDOW unit_year AS (PARTITION BY admin_code, level, coalesce(department, ''), report_year)
QUALIFY row_number() OVER (PARTITION BY admin_code, level, coalesce(department, ''), report_year
                           ORDER BY (source = 'crawl') DESC, publish_date IS NULL, fetched_at DESC, report_id) = 1;

-- One row per unit (every portal, and every division with a report) and report year, from the
-- first year in the warehouse to the last year whose deadline has passed (or the last year
-- found, if later). Reports must be public before 1 April of the next year.
CREATE OR REPLACE VIEW coverage AS
WITH units AS (
    SELECT admin_code, level, department,
           max(admin_name) AS admin_name, max(city) AS city, max(province) AS province,
           min(portal_id) AS portal_id
    FROM (SELECT admin_code, coalesce(county, city, province) AS admin_name, city, province, level,
                 coalesce(department, '') AS department, portal_id
          FROM portals
          UNION ALL
          SELECT admin_code, admin_name, city, province, level, department, portal_id FROM unit_reports)
    GROUP BY ALL
),
span AS (
    SELECT min(report_year) AS first_year,
           greatest(max(report_year),
                    year(current_date) - CASE WHEN current_date >= make_date(year(current_date), 4, 1)
                                              THEN 1 ELSE 2 END) AS last_year
    FROM unit_reports
),
years AS (
    SELECT unnest(range(first_year, last_year + 1))::INTEGER AS report_year FROM span WHERE first_year IS NOT NULL
)
SELECT u.province, u.city, u.admin_code, u.admin_name, u.level, u.department, u.portal_id, y.report_year,
       r.report_id IS NOT NULL AS published,
       r.publish_date,
       make_date(y.report_year + 1, 4, 1) AS deadline,
       (r.publish_date - make_date(y.report_year + 1, 4, 1))::INTEGER AS days_after_deadline,
       CASE WHEN r.report_id IS NULL AND current_date < make_date(y.report_year + 1, 4, 1) THEN 'not_yet_due'
            WHEN r.report_id IS NULL THEN 'missing'
            WHEN r.publish_date IS NULL THEN 'date_unknown'
            WHEN r.publish_date < make_date(y.report_year + 1, 4, 1) THEN 'on_time'
            ELSE 'late' END AS status,
       r.report_id, r.title, r.url, coalesce(r.copies, 0) AS copies
FROM units u CROSS JOIN years y
LEFT JOIN unit_reports r ON r.admin_code = u.admin_code AND r.level = u.level
                        AND r.department = u.department AND r.report_year = y.report_year;

-- Division × year × indicator: actual results only (never plan targets), with the sentence.
CREATE OR REPLACE VIEW indicator_panel AS
SELECT u.province, u.city, u.admin_code, u.admin_name, u.level, u.department, u.report_year,
       i.indicator, c.label, i.value, i.unit, i.qualifier, i.section, i.evidence, u.report_id, u.url
FROM unit_reports u
JOIN indicators i ON i.report_id = u.report_id AND NOT i.is_target
LEFT JOIN indicator_catalog c ON c.indicator = i.indicator;

-- Change of each indicator from a unit's previous report year that gives it to this one.
-- For rates (%), `change` is in percentage points; `change_pct` is always relative.
CREATE OR REPLACE VIEW indicator_changes AS
SELECT province, city, admin_code, admin_name, level, department, indicator, label,
       prev_year, report_year, report_year - prev_year AS years_apart,
       prev_value, value, unit, value - prev_value AS change,
       CASE WHEN prev_value <> 0 THEN round(100.0 * (value - prev_value) / prev_value, 2) END AS change_pct,
       prev_unit IS NOT DISTINCT FROM unit AS same_unit,
       prev_evidence, evidence, prev_report_id, report_id
FROM (
    SELECT *, lag(report_year) OVER w AS prev_year, lag(value) OVER w AS prev_value,
              lag(unit) OVER w AS prev_unit, lag(evidence) OVER w AS prev_evidence,
              lag(report_id) OVER w AS prev_report_id
    FROM indicator_panel
    WINDOW w AS (PARTITION BY admin_code, level, department, indicator ORDER BY report_year)
)
WHERE prev_year IS NOT NULL;

-- Each report's outline: headings with their depth and the role of the top section they sit in.
-- line_no is the paragraph's index (from 0) among the non-empty lines of body_text.
CREATE OR REPLACE VIEW report_outline AS
SELECT l.report_id, l.admin_code, l.admin_name, l.report_year, l.title,
       s.seq, s.depth, s.number, s.heading, s.role, s.top_heading, s.line_no
FROM sections s
JOIN latest_versions l ON l.report_id = s.report_id AND l.version = s.version;

-- A report's shortcomings next to the following year's report of the same unit. `topic` is
-- the item's first clause without 一是/有待加强…; `best_match` is the sentence of next year's
-- report that shares most of the topic's two-character pairs, and `match_share` that share
-- (0–1): a pointer for a reader, not a verdict.
CREATE OR REPLACE VIEW shortcomings_followup AS
WITH items AS (
    SELECT u.province, u.city, u.admin_code, u.admin_name, u.level, u.department, u.report_year,
           u.report_id, u.title, it.seq AS item_seq, it.text AS shortcoming,
           regexp_replace(
               regexp_extract(regexp_replace(it.text, '^\s*([一二三四五六七八九十]+是|\d+[.、．]|[(（][一二三四五六七八九十]+[)）])\s*', ''),
                              '^[^，,。；;：:]*'),
               '(仍有|有待|仍需|还需|尚需|亟待|需要|需进一步|不够|不足|不强|不高|不到位|较弱|偏弱|仍然|依然|还不|尚未|存在|还有|还存在).*$', '') AS topic
    FROM unit_reports u
    JOIN latest_versions l ON l.report_id = u.report_id
    JOIN report_items it ON it.report_id = l.report_id AND it.version = l.version AND it.kind = 'shortcoming'
),
nxt AS (
    SELECT i.*, n.report_id AS next_report_id, i.report_year + 1 AS next_year, n.title AS next_title,
           n.url AS next_url, n.publish_date AS next_publish_date
    FROM items i
    LEFT JOIN unit_reports n ON n.admin_code = i.admin_code AND n.level = i.level
                            AND n.department = i.department AND n.report_year = i.report_year + 1
),
pairs AS (
    SELECT report_id, item_seq, list_distinct(list_transform(range(1, length(topic)), k -> substr(topic, k, 2))) AS bigrams
    FROM items
),
-- The items to look for, gathered per next report, so each next report's body is read once
-- and streamed past them (joining items to bodies held every body in memory).
wanted AS (
    SELECT x.next_report_id, list(struct_pack(report_id := x.report_id, item_seq := x.item_seq,
                                              bigrams := p.bigrams)) AS items
    FROM nxt x
    JOIN pairs p ON p.report_id = x.report_id AND p.item_seq = x.item_seq
    WHERE x.next_report_id IS NOT NULL AND len(p.bigrams) > 0
    GROUP BY x.next_report_id
),
next_sentences AS (
    SELECT w.items, unnest(regexp_extract_all(nl.body_text, '[^。！？；\n]+[。！？；]?')) AS sentence
    FROM wanted w
    JOIN latest_versions nl ON nl.report_id = w.next_report_id
),
sentences AS (
    SELECT item.report_id, item.item_seq, sentence,
           len(list_filter(item.bigrams, b -> contains(sentence, b))) / greatest(len(item.bigrams), 1) AS share
    FROM (SELECT sentence, unnest(items) AS item FROM next_sentences)
),
best AS (
    SELECT report_id, item_seq, arg_max(trim(sentence), share) AS best_match, max(share) AS match_share
    FROM sentences GROUP BY report_id, item_seq
)
SELECT x.province, x.city, x.admin_code, x.admin_name, x.level, x.department, x.report_year, x.report_id,
       x.title, x.item_seq, x.shortcoming, x.topic,
       x.next_year, x.next_report_id, x.next_title, x.next_url, x.next_publish_date,
       b.best_match, round(b.match_share, 2) AS match_share
FROM nxt x
LEFT JOIN best b ON b.report_id = x.report_id AND b.item_seq = x.item_seq;
