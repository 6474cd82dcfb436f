-- Reports that mention a topic (e.g. 数字法治, 营商环境, 合法性审查): how often, and the first place. Copies with the same text count once (the crawled one is shown). `fazhi search` shows every sentence.
-- param topic: a word or phrase
-- param year: report year [default: NULL]
SELECT province, city, admin_name, report_year, title,
       (length(body_text) - length(replace(body_text, $topic, ''))) // length($topic) AS mentions,
       substr(body_text, greatest(1, strpos(body_text, $topic) - 30), 60 + length($topic)) AS first_context,
       url
FROM reports
WHERE contains(body_text, $topic) AND ($year IS NULL OR report_year = $year)
QUALIFY row_number() OVER (PARTITION BY md5(body_text) ORDER BY url NOT LIKE 'http%', report_id) = 1
ORDER BY mentions DESC, province, city, admin_name, report_year;
