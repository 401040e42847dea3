import sqlite3

import asyncpg
from sqlalchemy import text
from sqlalchemy.orm import Session

from gathering.db.database import DatabaseService


def search_agents(db: DatabaseService, name: str) -> list[dict]:
    # ruleid: py-formatted-sql
    return db.execute(f"SELECT * FROM agents WHERE name ILIKE '%{name}%' ORDER BY name")


def update_pipeline(db: DatabaseService, pipeline_id: int, updates: dict) -> None:
    sets = [f"{column} = %({column})s" for column in updates]
    query = f"UPDATE circle.pipelines SET {', '.join(sets)} WHERE id = {pipeline_id}"
    # ruleid: py-formatted-sql
    db.execute(query, updates)


def runs_for(conn: sqlite3.Connection, status: str):
    cur = conn.cursor()
    # ruleid: py-formatted-sql
    cur.execute("SELECT id, started_at FROM pipeline_runs WHERE status = '%s'" % status)
    return cur.fetchall()


def schedule_actions(session: Session, circle: str, limit: int):
    sql = "SELECT * FROM circle.scheduled_actions WHERE circle = '{}'".format(circle)
    sql += f" LIMIT {limit}"
    # ruleid: py-formatted-sql
    return session.execute(text(sql)).all()


async def members(conn: asyncpg.Connection, circle_id: str):
    # ruleid: py-formatted-sql
    return await conn.fetch("SELECT * FROM circle.members WHERE circle_id = " + circle_id)


# The fixes the seed names: values as parameters, identifiers from an allowlist helper.
ALLOWED_COLUMNS = {"name", "description", "schedule"}


def safe_update_builder(allowed: set[str], updates: dict) -> tuple[str, dict]:
    columns = [column for column in updates if column in allowed]
    return ", ".join(f"{column} = %({column})s" for column in columns), {c: updates[c] for c in columns}


def update_pipeline_safely(db: DatabaseService, pipeline_id: int, updates: dict) -> None:
    set_clause, params = safe_update_builder(ALLOWED_COLUMNS, updates)
    statement = build_update_statement(set_clause)
    # ok: py-formatted-sql
    db.execute(statement, {**params, "id": pipeline_id})


def build_update_statement(set_clause: str) -> str:
    return "UPDATE circle.pipelines SET %s WHERE id = %%(id)s" % set_clause


def search_agents_safely(db: DatabaseService, name: str) -> list[dict]:
    # ok: py-formatted-sql
    return db.execute("SELECT * FROM agents WHERE name ILIKE %(pattern)s ORDER BY name", {"pattern": f"%{name}%"})


def runs_by_ids(conn: sqlite3.Connection, ids: list[int]):
    placeholders = ", ".join("?" for _ in ids)
    # ok: py-formatted-sql
    return conn.execute(f"SELECT * FROM pipeline_runs WHERE id IN ({placeholders})", ids).fetchall()


def runs_by_ids_inline(conn: sqlite3.Connection, ids: list[int]):
    # ok: py-formatted-sql
    return conn.execute("SELECT * FROM pipeline_runs WHERE id IN (%s)" % ",".join(["?"] * len(ids)), ids).fetchall()


def log_query(logger, table: str) -> None:
    # ok: py-formatted-sql
    logger.info(f"SELECT count(*) FROM {table} took too long")
