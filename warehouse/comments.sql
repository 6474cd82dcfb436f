-- The documentation SQL clients show (duckdb_tables(), duckdb_views(), duckdb_columns()).
-- Re-run on every writable connect, after the views (replacing a view drops its comments).
-- A view column with no comment of its own here takes the comment of the column of the same
-- name in the table it reads (tasks/load.py, Warehouse._inherit_view_column_comments), so each
-- column is described once.

-- ---------------------------------------------------------------------------- tables --
COMMENT ON TABLE schema_migrations IS 'Migrations applied to this file (warehouse/migrations/NNN_*.sql), one row each.';
COMMENT ON COLUMN schema_migrations.version IS 'The migration number NNN.';
COMMENT ON COLUMN schema_migrations.name IS 'The migration file name.';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied (UTC).';

COMMENT ON TABLE portals IS 'The portals of the registry a run crawled: one row per portal, updated by every run.';
COMMENT ON COLUMN portals.portal_id IS 'The registry id of the portal (seeds/portals.toml [[portal]] id).';
COMMENT ON COLUMN portals.name IS 'The portal''s name, e.g. 宁波市北仑区人民政府.';
COMMENT ON COLUMN portals.admin_code IS 'Six-digit administrative division code (GB/T 2260) of the unit the portal belongs to.';
COMMENT ON COLUMN portals.province IS 'Province of the unit, e.g. 浙江省.';
COMMENT ON COLUMN portals.city IS 'Prefecture-level city of the unit, e.g. 宁波市; NULL for a province.';
COMMENT ON COLUMN portals.county IS 'County-level division of the unit, e.g. 北仑区; NULL above the county level.';
COMMENT ON COLUMN portals.level IS 'government (the people''s government of the division) or department (one of its departments).';
COMMENT ON COLUMN portals.department IS 'The department''s name when level = department (e.g. 司法局), else NULL.';
COMMENT ON COLUMN portals.cms IS 'The CMS family the registry forces, or NULL when discovery recognises it from the first page.';
COMMENT ON COLUMN portals.start_urls IS 'The list pages discovery starts from.';
COMMENT ON COLUMN portals.updated_at IS 'When a run last wrote this row (UTC).';
COMMENT ON COLUMN portals.home IS 'The home page the registry gives (`home`); for a portal without start_urls, discovery finds its report columns from it (see portal_columns). NULL when none is given.';

COMMENT ON TABLE portal_columns IS 'The report columns of portals registered by their home page only, as onboarding chose them by following navigation links: later runs start from these instead of the home page. Replaced together when found again.';
COMMENT ON COLUMN portal_columns.portal_id IS 'The portal (portals.portal_id).';
COMMENT ON COLUMN portal_columns.url IS 'The column''s list page, walked by later runs as if it were a start URL.';
COMMENT ON COLUMN portal_columns.title IS 'The text of the navigation link that led to it, e.g. 法治政府建设年度报告.';
COMMENT ON COLUMN portal_columns.score IS 'The link''s score from its text and path (fazhi/core/rules.py LINK_TEXT_SCORES, LINK_PATH_SCORES; 100 = 法治政府建设年度报告 or fzzfjsndbg).';
COMMENT ON COLUMN portal_columns.depth IS 'Links from the home page to the column (1 to 3).';
COMMENT ON COLUMN portal_columns.report_titles IS 'Items on the column''s first page whose title read as a report when it was chosen.';
COMMENT ON COLUMN portal_columns.found_from IS 'The home page onboarding started from.';
COMMENT ON COLUMN portal_columns.found_at IS 'When the column was chosen (UTC).';
COMMENT ON COLUMN portal_columns.run_id IS 'The run that chose it.';

COMMENT ON TABLE runs IS 'One row per run of a flow: its parameters, outcome, counts, timings, failures and data-check results.';
COMMENT ON COLUMN runs.run_id IS 'The run''s id; every row a run writes carries it in its run_id column.';
COMMENT ON COLUMN runs.flow IS 'The flow that ran: annual_reports, ingest_local or reprocess.';
COMMENT ON COLUMN runs.parameters IS 'The run''s parameters (JSON): registry, years, delays, ...';
COMMENT ON COLUMN runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN runs.ended_at IS 'When the run ended (UTC); NULL while running.';
COMMENT ON COLUMN runs.status IS 'running, completed, partial (some portals failed), failed (a serious data check failed, or every portal did) or cancelled.';
COMMENT ON COLUMN runs.counts IS 'Counts (JSON): portals, candidates, reports new / changed / unchanged / rejected, attachments.';
COMMENT ON COLUMN runs.timings IS 'Seconds spent per stage (JSON).';
COMMENT ON COLUMN runs.failures IS 'Portal id -> the one-line reason it failed (JSON).';
COMMENT ON COLUMN runs.checks IS 'Data checks run at the end (JSON list of name, severity, failing_rows, sample); see warehouse/checks/.';

COMMENT ON TABLE fetches IS 'Every HTTP fetch of a list page, report page or attachment: validators for conditional GETs and the archive hash of the body.';
COMMENT ON COLUMN fetches.fetch_id IS 'Surrogate key, in the order fetches were recorded.';
COMMENT ON COLUMN fetches.url IS 'The URL requested.';
COMMENT ON COLUMN fetches.fetched_at IS 'When the response arrived (UTC).';
COMMENT ON COLUMN fetches.final_url IS 'The URL after redirects.';
COMMENT ON COLUMN fetches.status IS 'HTTP status: 200, or 304 when the stored copy was still current.';
COMMENT ON COLUMN fetches.sha256 IS 'SHA-256 of the body, its name in the raw archive (data/archive/).';
COMMENT ON COLUMN fetches.size IS 'Body size in bytes.';
COMMENT ON COLUMN fetches.etag IS 'The ETag header, sent back as If-None-Match next time.';
COMMENT ON COLUMN fetches.last_modified IS 'The Last-Modified header, sent back as If-Modified-Since next time.';
COMMENT ON COLUMN fetches.content_type IS 'The Content-Type header.';
COMMENT ON COLUMN fetches.portal_id IS 'The portal whose crawl made the request.';
COMMENT ON COLUMN fetches.run_id IS 'The run that made the request.';

COMMENT ON TABLE candidate_links IS 'Every link discovery looked at on a portal''s lists, with what it took it for and why.';
COMMENT ON COLUMN candidate_links.url IS 'The linked page.';
COMMENT ON COLUMN candidate_links.portal_id IS 'The portal whose list showed the link.';
COMMENT ON COLUMN candidate_links.title IS 'The link''s title as the list gives it.';
COMMENT ON COLUMN candidate_links.list_date IS 'The date the list shows beside the link, if any.';
COMMENT ON COLUMN candidate_links.kind IS 'What the title says the page is: report, interpretation, work_plan, info_disclosure_report, news, township_report (a 街道/乡镇 body''s report: below the county level, not loaded) or other.';
COMMENT ON COLUMN candidate_links.reason IS 'Why discovery took it for that kind (and, for a report, what the body check found).';
COMMENT ON COLUMN candidate_links.report_year IS 'The report year the title names, if any.';
COMMENT ON COLUMN candidate_links.source_url IS 'The list page the link was found on.';
COMMENT ON COLUMN candidate_links.first_seen IS 'When a run first saw the link (UTC).';
COMMENT ON COLUMN candidate_links.last_seen IS 'When a run last saw the link (UTC).';
COMMENT ON COLUMN candidate_links.run_id IS 'The run that last saw the link.';
COMMENT ON COLUMN candidate_links.level IS 'government or department: whose report the title says it is.';
COMMENT ON COLUMN candidate_links.department IS 'The department the title names, when level = department.';

COMMENT ON TABLE report_versions IS 'Every version of every report: a changed page becomes version n+1. The facts tables reference (report_id, version).';
COMMENT ON COLUMN report_versions.report_id IS 'Stable id of the report, derived from its URL (or file path).';
COMMENT ON COLUMN report_versions.version IS '1 for the first text seen, n+1 each time the text changed.';
COMMENT ON COLUMN report_versions.content_sha IS 'SHA-256 of the page (or file) this version was read from.';
COMMENT ON COLUMN report_versions.source IS 'crawl (found on a portal) or file (ingested from a local file).';
COMMENT ON COLUMN report_versions.url IS 'Where the report was read: the page URL, or the absolute path of an ingested file.';
COMMENT ON COLUMN report_versions.portal_id IS 'The portal it was crawled from; NULL for an ingested file.';
COMMENT ON COLUMN report_versions.admin_code IS 'Six-digit administrative division code of the reporting unit; NULL when unresolved.';
COMMENT ON COLUMN report_versions.admin_name IS 'Name of the reporting division, e.g. 北仑区; NULL when unresolved.';
COMMENT ON COLUMN report_versions.city IS 'Prefecture-level city of the reporting unit.';
COMMENT ON COLUMN report_versions.province IS 'Province of the reporting unit.';
COMMENT ON COLUMN report_versions.level IS 'government (the division''s people''s government) or department (one of its departments).';
COMMENT ON COLUMN report_versions.unit_source IS 'How the unit was decided: title (the page title names it), list_title (the list''s link text does), publisher (the page''s 发布机构 field does), body (the text''s opening does: a title line or the first sentence''s subject), signature (the office signing at its end does), citation (the unit whose own documents it cites: 《荣昌区…实施方案》) or portal (nothing named one and the text''s 我县/全区 fits the portal''s level: the portal''s unit); NULL when unknown or loaded before 0.2.0.';
COMMENT ON COLUMN report_versions.department IS 'The department''s name when level = department, else NULL.';
COMMENT ON COLUMN report_versions.report_year IS 'The year reported on (INTEGER); NULL when the report does not say (never guessed).';
COMMENT ON COLUMN report_versions.title IS 'The report''s title.';
COMMENT ON COLUMN report_versions.title_source IS 'page (the page gives the title) or derived (made from the unit and year).';
COMMENT ON COLUMN report_versions.publisher IS 'The publishing body the page names (发布机构 / 来源).';
COMMENT ON COLUMN report_versions.publish_date IS 'The date the page was published (DATE); NULL when the page gives none.';
COMMENT ON COLUMN report_versions.written_date IS '成文日期: the date the report was signed, when given.';
COMMENT ON COLUMN report_versions.index_no IS '索引号 of the page''s disclosure metadata, when given.';
COMMENT ON COLUMN report_versions.doc_no IS '文号 of the report, when given.';
COMMENT ON COLUMN report_versions.body_text IS 'The cleaned report text in simplified script, one paragraph per line.';
COMMENT ON COLUMN report_versions.fields IS 'Every metadata field the page shows (JSON, label -> value).';
COMMENT ON COLUMN report_versions.clean_method IS 'How the text was obtained: the HTML cleaner used, or attachment:<type> when read from an attached file.';
COMMENT ON COLUMN report_versions.attachment_url IS 'The attached file the text was read from, when clean_method is attachment:<type>.';
COMMENT ON COLUMN report_versions.text_source IS 'How the text was obtained: html (the page), pdf_text (a PDF''s text layer), ocr (page scans or a scanned PDF, read by OCR), ofd, docx, doc, wps (an attached file of that format) or text (a local text file); NULL for versions loaded before 0.3.';
COMMENT ON COLUMN report_versions.ocr_engine IS 'For text_source ocr: the OCR engine and model, e.g. tesseract 5.3.0 chi_sim; else NULL.';
COMMENT ON COLUMN report_versions.ocr_confidence IS 'For text_source ocr: the engine''s mean character confidence (0-1); else NULL.';
COMMENT ON COLUMN report_versions.traditional_share IS 'Share (0-1) of the page''s Han characters that were in traditional script before conversion.';
COMMENT ON COLUMN report_versions.fetched_at IS 'When the page was fetched (UTC), or the file read.';
COMMENT ON COLUMN report_versions.loaded_at IS 'When this version was written to the warehouse (UTC).';
COMMENT ON COLUMN report_versions.run_id IS 'The run that wrote this row.';

COMMENT ON TABLE report_merges IS 'Reports found to be copies of another after they were loaded (loaded before report_copies existed, or alike after a reprocess). The merged report keeps its versions in report_versions; its copies now belong to merged_into; latest_versions and every view built on it leave it out.';
COMMENT ON COLUMN report_merges.report_id IS 'The report merged away (its versions stay in report_versions).';
COMMENT ON COLUMN report_merges.merged_into IS 'The report it is a copy of: the one counted in reports.';
COMMENT ON COLUMN report_merges.similarity IS 'Jaccard similarity of the two texts over 5-character shingles (rules.SAME_REPORT_SIMILARITY is the threshold).';
COMMENT ON COLUMN report_merges.merged_at IS 'When the merge was made.';
COMMENT ON COLUMN report_merges.run_id IS 'The reprocess run that made it.';
COMMENT ON TABLE report_copies IS 'Every URL or file a report was read from (a seed file and its crawled page, a county''s report on its own portal and on a city''s aggregator): one row per copy, one canonical copy per report.';
COMMENT ON COLUMN report_copies.url IS 'The copy: a page URL or the absolute path of an ingested file.';
COMMENT ON COLUMN report_copies.report_id IS 'The report it is a copy of (report_versions.report_id).';
COMMENT ON COLUMN report_copies.portal_id IS 'The portal the copy was found on; NULL for a file.';
COMMENT ON COLUMN report_copies.source IS 'crawl or file.';
COMMENT ON COLUMN report_copies.copy_kind IS 'own_portal (the report''s unit''s own portal), other_portal (an aggregator column or another unit''s site) or file.';
COMMENT ON COLUMN report_copies.is_canonical IS 'True for the one copy whose text is the report''s: the best kind (own_portal, other_portal, file), the first seen among equals.';
COMMENT ON COLUMN report_copies.similarity IS 'Share (0-1) of 5-character shingles the copy''s text has in common with the report''s when it was matched; 1 for the first copy.';
COMMENT ON COLUMN report_copies.content_sha IS 'SHA-256 of the copy as last fetched (its name in the raw archive).';
COMMENT ON COLUMN report_copies.publish_date IS 'The publish date this copy shows, if any.';
COMMENT ON COLUMN report_copies.first_seen IS 'When the copy was first fetched or read (UTC).';
COMMENT ON COLUMN report_copies.last_seen IS 'When the copy was last fetched or read (UTC).';
COMMENT ON COLUMN report_copies.run_id IS 'The run that last saw the copy.';

COMMENT ON TABLE sections IS 'The heading tree of each report version, with the role of each top section.';
COMMENT ON COLUMN sections.report_id IS 'The report (report_versions.report_id).';
COMMENT ON COLUMN sections.version IS 'The report version (report_versions.version).';
COMMENT ON COLUMN sections.seq IS 'Order of the heading in the report, from 0.';
COMMENT ON COLUMN sections.depth IS 'Heading depth: 1 for 一、, 2 for （一）, 3 for 1.';
COMMENT ON COLUMN sections.number IS 'The heading''s number as written, e.g. 一 or （二）.';
COMMENT ON COLUMN sections.heading IS 'The heading text.';
COMMENT ON COLUMN sections.role IS 'Role of the top section it belongs to: achievements, shortcomings, duty, plan or other.';
COMMENT ON COLUMN sections.top_heading IS 'The depth-1 heading this heading sits under.';
COMMENT ON COLUMN sections.line_no IS 'Line of body_text the heading is on, from 0.';
COMMENT ON COLUMN sections.run_id IS 'The run that wrote this row.';

COMMENT ON TABLE quantities IS 'Every number in a report version with its unit, kind, the thing counted and the sentence it stands in.';
COMMENT ON COLUMN quantities.report_id IS 'The report (report_versions.report_id).';
COMMENT ON COLUMN quantities.version IS 'The report version (report_versions.version).';
COMMENT ON COLUMN quantities.seq IS 'Order of the number in the report, from 0.';
COMMENT ON COLUMN quantities.value IS 'The number (DOUBLE), Chinese numerals and 万 resolved.';
COMMENT ON COLUMN quantities.unit IS 'The unit written after it (件, 次, %, 人, 万元, ...).';
COMMENT ON COLUMN quantities.raw IS 'The number and unit as written.';
COMMENT ON COLUMN quantities.qualifier IS 'An approximation mark written with it: 余, 多, 以上, 近, 约.';
COMMENT ON COLUMN quantities.kind IS 'count, rate, share, change, rank or amount.';
COMMENT ON COLUMN quantities.subject IS 'The thing counted, as the clause names it.';
COMMENT ON COLUMN quantities.sentence IS 'The sentence the number stands in.';
COMMENT ON COLUMN quantities.raw_offset IS 'Character offset of raw within sentence, from 0.';
COMMENT ON COLUMN quantities.section IS 'The heading of the section the number stands in.';
COMMENT ON COLUMN quantities.section_role IS 'Role of that section: achievements, shortcomings, duty, plan or other.';
COMMENT ON COLUMN quantities.is_target IS 'True for a number from the next-year plan (a target, not a result).';
COMMENT ON COLUMN quantities.role IS 'What the number is for the report''s year: result (the reporting body''s own), target, subunit (a part, another body or a wider scope), change, rank, cumulative (several years) or other (money, shares, another year); NULL for rows loaded before 0.2.0 until reprocessed.';
COMMENT ON COLUMN quantities.role_rule IS 'Why the number has its role: the rule and the words of its sentence that decided it (part: 其中, target word: 拟, own body named: 政府常务会 …); NULL for rows loaded before this column until reprocessed.';
COMMENT ON COLUMN quantities.line_no IS 'Line of body_text the number is on, from 0.';
COMMENT ON COLUMN quantities.run_id IS 'The run that wrote this row.';

COMMENT ON TABLE indicator_values IS 'Every quantity mapped to a catalog indicator, with is_primary marking the one value the indicators view shows per report x key x result/target.';
COMMENT ON COLUMN indicator_values.report_id IS 'The report (report_versions.report_id).';
COMMENT ON COLUMN indicator_values.version IS 'The report version (report_versions.version).';
COMMENT ON COLUMN indicator_values.indicator IS 'The catalog key (indicator_catalog.indicator), e.g. head_appearance_rate.';
COMMENT ON COLUMN indicator_values.value IS 'The value (DOUBLE); rates are in percent, 0-100.';
COMMENT ON COLUMN indicator_values.unit IS 'The unit as written (件, 次, %, 人, ...).';
COMMENT ON COLUMN indicator_values.qualifier IS 'An approximation mark written with the number: 余, 多, 以上, 近, 约.';
COMMENT ON COLUMN indicator_values.is_target IS 'True for a next-year target, false for the year''s result.';
COMMENT ON COLUMN indicator_values.is_primary IS 'The value the indicators view shows for this report, key and is_target (README: which value the indicators view shows).';
COMMENT ON COLUMN indicator_values.section IS 'The heading of the section the value came from.';
COMMENT ON COLUMN indicator_values.evidence IS 'The sentence of the report the value was read from.';
COMMENT ON COLUMN indicator_values.quantity_seq IS 'The quantity it was read from (quantities.seq).';
COMMENT ON COLUMN indicator_values.rule IS 'Why the number has this key: the catalog rule''s topic words (and verb) found around it, e.g. topic: 合法性审查; verb: 审查; NULL for rows loaded before this column until reprocessed.';
COMMENT ON COLUMN indicator_values.run_id IS 'The run that wrote this row.';

COMMENT ON TABLE citations IS 'Documents a report version cites: each 《…》 with its 文号 when given.';
COMMENT ON COLUMN citations.report_id IS 'The report (report_versions.report_id).';
COMMENT ON COLUMN citations.version IS 'The report version (report_versions.version).';
COMMENT ON COLUMN citations.seq IS 'Order of the citation in the report, from 0.';
COMMENT ON COLUMN citations.title IS 'The cited title, without 《》.';
COMMENT ON COLUMN citations.doc_no IS 'The 文号 written after it, e.g. 国发〔2021〕1号; empty when none.';
COMMENT ON COLUMN citations.sentence IS 'The sentence the citation stands in.';
COMMENT ON COLUMN citations.run_id IS 'The run that wrote this row.';

COMMENT ON TABLE report_items IS 'The shortcoming and plan items of a report version, one per numbered or separate point.';
COMMENT ON COLUMN report_items.report_id IS 'The report (report_versions.report_id).';
COMMENT ON COLUMN report_items.version IS 'The report version (report_versions.version).';
COMMENT ON COLUMN report_items.kind IS 'shortcoming or plan.';
COMMENT ON COLUMN report_items.seq IS 'Order of the item among the report''s items of its kind, from 0.';
COMMENT ON COLUMN report_items.text IS 'The item''s text.';
COMMENT ON COLUMN report_items.section IS 'The heading of the section it came from.';
COMMENT ON COLUMN report_items.run_id IS 'The run that wrote this row.';

COMMENT ON TABLE attachments IS 'Files linked or embedded by report-looking pages (PDF, DOCX, DOC, WPS, OFD, page scans) and what became of them.';
COMMENT ON COLUMN attachments.url IS 'The file''s URL.';
COMMENT ON COLUMN attachments.page_url IS 'The page that links it.';
COMMENT ON COLUMN attachments.portal_id IS 'The portal the page is on.';
COMMENT ON COLUMN attachments.name IS 'The link text or file name.';
COMMENT ON COLUMN attachments.file_type IS 'pdf, docx, doc, wps, ofd, image (page scans: url is the first image) or unknown (a download that was no document), from the file''s bytes.';
COMMENT ON COLUMN attachments.text_source IS 'How its text was read: pdf_text, ocr, ofd, docx, doc or wps; NULL when not read.';
COMMENT ON COLUMN attachments.engine IS 'The OCR engine, or the DOC/WPS converter (antiword, catdoc), that read it.';
COMMENT ON COLUMN attachments.confidence IS 'For OCR: the mean character confidence (0-1).';
COMMENT ON COLUMN attachments.status IS 'used (its text is the report''s), read (readable, not used), unreadable or failed (not fetched).';
COMMENT ON COLUMN attachments.reason IS 'Why it is unreadable or failed, in one line.';
COMMENT ON COLUMN attachments.sha256 IS 'SHA-256 of the file, its name in the raw archive.';
COMMENT ON COLUMN attachments.seen_at IS 'When a run last saw the link (UTC).';
COMMENT ON COLUMN attachments.run_id IS 'The run that last saw the link.';

COMMENT ON TABLE indicator_catalog IS 'The indicator keys and their Chinese labels, written from fazhi/core/indicators.py (the one catalog) on every connect.';
COMMENT ON COLUMN indicator_catalog.indicator IS 'The key, e.g. head_appearance_rate.';
COMMENT ON COLUMN indicator_catalog.label IS 'The Chinese label, e.g. 行政机关负责人出庭应诉率.';
COMMENT ON COLUMN indicator_catalog.usual_unit IS 'The unit reports usually give it in (件, 次, %, 人).';
COMMENT ON COLUMN indicator_catalog.kind IS 'count or rate (a rate is in percent, 0-100).';

-- ----------------------------------------------------------------------------- views --
COMMENT ON VIEW latest_versions IS 'The latest version of every report: report_versions with one row per report_id.';
COMMENT ON VIEW reports IS 'Contract view: one row per report, its latest version.';
COMMENT ON VIEW indicators IS 'Contract view: the primary value per report x catalog key x result/target, of each report''s latest version.';
COMMENT ON COLUMN indicators.from_ocr IS 'true when the report''s text was read by OCR (report_versions.text_source = ocr): filter these figures out when OCR errors matter.';
COMMENT ON VIEW candidates IS 'Contract view: every link discovery looked at.';
COMMENT ON COLUMN candidates.first_seen IS 'When a run first saw the link (UTC).';

COMMENT ON VIEW unit_reports IS 'One row per unit (division government or department) and report year; copies of one report count once.';
COMMENT ON COLUMN unit_reports.portal_id IS 'The portal of the copy kept (a crawled copy wins over a file).';
COMMENT ON COLUMN unit_reports.publish_date IS 'The earliest publish date any copy gives.';
COMMENT ON COLUMN unit_reports.copies IS 'How many report rows (copies) stand for this unit and year.';
COMMENT ON COLUMN unit_reports.department IS 'The department''s name; empty string for a government.';

COMMENT ON VIEW coverage IS 'Every portal and unit x report year up to the last year whose deadline passed: was the report published, and on time?';
COMMENT ON COLUMN coverage.department IS 'The department''s name; empty string for a government.';
COMMENT ON COLUMN coverage.published IS 'True when the warehouse holds the unit''s report for the year.';
COMMENT ON COLUMN coverage.publish_date IS 'The earliest publish date any copy gives.';
COMMENT ON COLUMN coverage.deadline IS '1 April of the year after the report year: reports are due before it.';
COMMENT ON COLUMN coverage.days_after_deadline IS 'publish_date - deadline in days (negative: early; 0: on 1 April, already late).';
COMMENT ON COLUMN coverage.status IS 'on_time, late, date_unknown, missing or not_yet_due.';
COMMENT ON COLUMN coverage.copies IS 'How many report rows (copies) stand for this unit and year.';

COMMENT ON VIEW indicator_panel IS 'Unit x year x indicator: the year''s results (never targets), each with the sentence it came from.';
COMMENT ON COLUMN indicator_panel.department IS 'The department''s name; empty string for a government.';
COMMENT ON COLUMN indicator_panel.label IS 'The indicator''s Chinese label.';

COMMENT ON VIEW indicator_changes IS 'Unit x indicator x year with an earlier year: the change from the latest earlier year.';
COMMENT ON COLUMN indicator_changes.department IS 'The department''s name; empty string for a government.';
COMMENT ON COLUMN indicator_changes.label IS 'The indicator''s Chinese label.';
COMMENT ON COLUMN indicator_changes.prev_year IS 'The latest earlier year with a value.';
COMMENT ON COLUMN indicator_changes.years_apart IS 'report_year - prev_year; more than 1 means years were skipped.';
COMMENT ON COLUMN indicator_changes.prev_value IS 'The value in prev_year.';
COMMENT ON COLUMN indicator_changes.value IS 'The value in report_year.';
COMMENT ON COLUMN indicator_changes.change IS 'value - prev_value: percentage points for % indicators.';
COMMENT ON COLUMN indicator_changes.change_pct IS 'Relative change in percent of prev_value.';
COMMENT ON COLUMN indicator_changes.same_unit IS 'False when the two years give the value in different units.';
COMMENT ON COLUMN indicator_changes.prev_evidence IS 'The sentence prev_value came from.';
COMMENT ON COLUMN indicator_changes.evidence IS 'The sentence value came from.';
COMMENT ON COLUMN indicator_changes.prev_report_id IS 'The report prev_value came from.';
COMMENT ON COLUMN indicator_changes.report_id IS 'The report value came from.';

COMMENT ON VIEW report_outline IS 'The heading tree of each report''s latest version.';

COMMENT ON VIEW shortcomings_followup IS 'Each shortcoming item beside next year''s report of the same unit, with the sentence that best matches its topic.';
COMMENT ON COLUMN shortcomings_followup.department IS 'The department''s name; empty string for a government.';
COMMENT ON COLUMN shortcomings_followup.item_seq IS 'The item''s order among the report''s shortcomings (report_items.seq).';
COMMENT ON COLUMN shortcomings_followup.shortcoming IS 'The shortcoming item''s text.';
COMMENT ON COLUMN shortcomings_followup.topic IS 'The item''s first clause without its numbering (一是, 1.) and the complaint words (有待, 不足, ...).';
COMMENT ON COLUMN shortcomings_followup.next_year IS 'report_year + 1.';
COMMENT ON COLUMN shortcomings_followup.next_report_id IS 'Next year''s report of the unit; NULL when not in the warehouse.';
COMMENT ON COLUMN shortcomings_followup.next_title IS 'Its title.';
COMMENT ON COLUMN shortcomings_followup.next_url IS 'Its URL.';
COMMENT ON COLUMN shortcomings_followup.next_publish_date IS 'Its publish date.';
COMMENT ON COLUMN shortcomings_followup.best_match IS 'The sentence of next year''s report sharing most two-character pairs with the topic: a pointer for a reader, not a verdict.';
COMMENT ON COLUMN shortcomings_followup.match_share IS 'Share (0-1) of the topic''s two-character pairs found in best_match.';

COMMENT ON TABLE portal_runs IS 'What each run made of each portal: its status, why, the platforms and columns read, and counts. Read through the views portal_status and portal_status_history.';
COMMENT ON COLUMN portal_runs.run_id IS 'The run (runs.run_id).';
COMMENT ON COLUMN portal_runs.portal_id IS 'The portal (portals.portal_id).';
COMMENT ON COLUMN portal_runs.status IS 'ok (reports found, new or known), no_reports (lists read, no report of the years asked for), blocked (an anti-bot challenge or WAF shell; reason names it), needs_browser (lists rendered by script and no browser installed), unreachable (no answer: refused, timed out, unknown host), failed (a column failed otherwise, or an internal error), cancelled (the run was stopped first).';
COMMENT ON COLUMN portal_runs.reason IS 'One line: why the status is not ok or no_reports (the first failure, the challenge and its URL).';
COMMENT ON COLUMN portal_runs.platforms IS 'The platforms its columns were read with (hanweb, trs, gkmlpt, generic ...), detected from the first page or forced by the registry''s cms.';
COMMENT ON COLUMN portal_runs.columns IS 'The column URLs read.';
COMMENT ON COLUMN portal_runs.list_pages IS 'List pages (and list API calls) fetched.';
COMMENT ON COLUMN portal_runs.candidates IS 'Links discovery looked at.';
COMMENT ON COLUMN portal_runs.reports IS 'Reports of the years asked for that the portal holds: loaded (new, changed, unchanged, copies) or already in the warehouse and not fetched again.';
COMMENT ON COLUMN portal_runs.requests IS 'HTTP requests sent to the portal''s hosts in the run.';
COMMENT ON COLUMN portal_runs.checked_at IS 'When the run finished with the portal (UTC).';
COMMENT ON VIEW portal_status IS 'One row per portal: how its latest run went (status ok, no_reports, blocked, needs_browser, unreachable, failed or cancelled, with the reason). `fazhi query portal_health` lists those that need a look.';
COMMENT ON VIEW portal_status_history IS 'Every run''s outcome per portal (portal_runs), for monitoring a portal over time.';
