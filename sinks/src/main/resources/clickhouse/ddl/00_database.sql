-- The crosstrust database. ${database} is replaced by ClickHouseSchema with a validated identifier
-- (default: crosstrust); nothing else is ever substituted into these files.
-- Engine: the server's default database engine (Ordinary on 18.16, Atomic on current releases).
CREATE DATABASE IF NOT EXISTS ${database}
