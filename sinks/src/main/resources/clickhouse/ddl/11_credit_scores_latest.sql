-- credit_scores_latest: the latest credit score of every entity, what a lookup "score of entity X
-- now" reads (same record and columns as credit_scores, copied from its definition, written by a second sink
-- of the scoring job with CreditScoreRowEncoder.latest()).
--
-- Engine: ReplacingMergeTree(score_version), ORDER BY entity_id, no partitions (an entity's rows
-- must meet in one partition to replace each other). Dedup key: entity_id; the row with the highest
-- score_version wins, so a replay that re-sends older scores never moves an entity back. Read with
-- FINAL (SELECT ... FROM credit_scores_latest FINAL WHERE entity_id = {id:String}).
CREATE TABLE IF NOT EXISTS ${database}.credit_scores_latest AS ${database}.credit_scores
ENGINE = ReplacingMergeTree(score_version)
ORDER BY entity_id
