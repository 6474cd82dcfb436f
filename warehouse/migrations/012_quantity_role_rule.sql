-- Why each number has its role (quantities.role_rule: the rule of tasks/extract.py assign_roles
-- and the words that fired it, e.g. "part: 其中", "target word: 拟") and why a number has its
-- catalog key (indicator_values.rule: "topic: 合法性审查; verb: 审查"); NULL for rows loaded
-- before, until `fazhi reprocess`.
ALTER TABLE quantities ADD COLUMN role_rule VARCHAR;
ALTER TABLE indicator_values ADD COLUMN rule VARCHAR;
