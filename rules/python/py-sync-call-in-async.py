import asyncio
import sqlite3
import time

import httpx
import psycopg2
import requests
from fastapi import APIRouter, Depends
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.concurrency import run_in_threadpool

from gathering.db.database import DatabaseService, get_db
from gathering.db.models import Pipeline

router = APIRouter(prefix="/pipelines")


@router.get("/{pipeline_id}")
async def get_pipeline(pipeline_id: int, db: DatabaseService = Depends(get_db)):
    # ruleid: py-sync-call-in-async
    row = db.execute_one("SELECT * FROM circle.pipelines WHERE id = %(id)s", {"id": pipeline_id})
    return row


@router.post("/{pipeline_id}/notify")
async def notify(pipeline_id: int, webhook_url: str):
    # ruleid: py-sync-call-in-async
    response = requests.post(webhook_url, json={"pipeline": pipeline_id}, timeout=10)
    for attempt in range(3):
        if response.ok:
            break
        # ruleid: py-sync-call-in-async
        time.sleep(2**attempt)
    return {"status": response.status_code}


async def load_legacy_stats(dsn: str):
    # ruleid: py-sync-call-in-async
    conn = psycopg2.connect(dsn)
    with conn.cursor() as cur:
        # ruleid: py-sync-call-in-async
        cur.execute("SELECT count(*) FROM circle.pipelines")
        return cur.fetchone()


async def fetch_model_card(url: str) -> dict:
    # ruleid: py-sync-call-in-async
    return httpx.get(url, timeout=10).json()


async def fetch_model_card_async(url: str) -> dict:
    async with httpx.AsyncClient(timeout=10) as client:
        # ok: py-sync-call-in-async
        response = await client.get(url)
    return response.json()


async def cache_path(path: str):
    # ruleid: py-sync-call-in-async
    with sqlite3.connect(path) as cache:
        return cache


# The fixes the seed names: async drivers, asyncio.sleep, or work handed to a thread.
@router.get("/{pipeline_id}/async")
async def get_pipeline_async(pipeline_id: int, session: AsyncSession):
    # ok: py-sync-call-in-async
    result = await session.execute(select(Pipeline).where(Pipeline.id == pipeline_id))
    return result.scalar_one_or_none()


async def notify_async(webhook_url: str, pipeline_id: int):
    async with httpx.AsyncClient(timeout=10) as client:
        # ok: py-sync-call-in-async
        response = await client.post(webhook_url, json={"pipeline": pipeline_id})
    # ok: py-sync-call-in-async
    await asyncio.sleep(1)
    return response.status_code


async def export_report(db: DatabaseService, pipeline_id: int):
    def build():
        # ok: py-sync-call-in-async
        return db.execute("SELECT * FROM circle.pipeline_runs WHERE pipeline_id = %(id)s", {"id": pipeline_id})

    return await asyncio.to_thread(build)


async def fetch_legacy(url: str):
    # ok: py-sync-call-in-async
    return await run_in_threadpool(lambda: requests.get(url, timeout=10))


# A plain def handler runs in FastAPI's threadpool: blocking here is fine.
@router.get("/{pipeline_id}/sync")
def get_pipeline_sync(pipeline_id: int, db: DatabaseService = Depends(get_db)):
    # ok: py-sync-call-in-async
    return db.execute_one("SELECT * FROM circle.pipelines WHERE id = %(id)s", {"id": pipeline_id})
