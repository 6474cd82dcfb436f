-- Discovery reads the level of a report from its link title too: the government's own, or a
-- department's (and which).
ALTER TABLE candidate_links ADD COLUMN level VARCHAR;
ALTER TABLE candidate_links ADD COLUMN department VARCHAR;
