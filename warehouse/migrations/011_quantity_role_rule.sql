-- Why each number has its role (quantities.role_rule: the rule of tasks/extract.py assign_roles
-- and the words that fired it, e.g. "scope: 其中", "target word: 拟"); NULL for rows loaded
-- before, until `fazhi reprocess`.
ALTER TABLE quantities ADD COLUMN role_rule VARCHAR;
