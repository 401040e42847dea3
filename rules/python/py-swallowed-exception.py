import logging
import subprocess

from croniter import croniter

from gathering.core.exceptions import AgentNotFoundError, GatheringError
from gathering.db.database import DatabaseService

logger = logging.getLogger(__name__)


class CircleService:
    def __init__(self, db: DatabaseService):
        self.db = db

    def get_members(self, circle_id: int) -> list[dict]:
        try:
            return self.db.execute(
                "SELECT * FROM circle.members WHERE circle_id = %(id)s", {"id": circle_id}
            )
        # ruleid: py-swallowed-exception
        except Exception as e:
            logger.warning(f"Failed to load members for circle {circle_id}: {e}")
            return []

    def get_agent(self, agent_id: int) -> dict | None:
        try:
            return self.db.execute_one("SELECT * FROM agents WHERE id = %(id)s", {"id": agent_id})
        # ruleid: py-swallowed-exception
        except Exception:
            return None

    def sync_all(self, circles: list[int]) -> None:
        for circle_id in circles:
            try:
                self.db.execute("SELECT circle.refresh_members(%(id)s)", {"id": circle_id})
            # ruleid: py-swallowed-exception
            except:
                continue

    def touch(self, circle_id: int) -> None:
        try:
            self.db.execute("UPDATE circle.circles SET updated_at = now() WHERE id = %(id)s", {"id": circle_id})
        # ruleid: py-swallowed-exception
        except (ValueError, Exception) as err:
            logger.error("touch failed: %s", err)

    def archive(self, circle_id: int) -> None:
        try:
            self.db.execute("UPDATE circle.circles SET archived = true WHERE id = %(id)s", {"id": circle_id})
        # ruleid: py-swallowed-exception
        except Exception:
            pass

    # The fixes the seed names: specific exceptions handled, everything else propagates.
    def get_agent_or_raise(self, agent_id: int) -> dict:
        try:
            row = self.db.execute_one("SELECT * FROM agents WHERE id = %(id)s", {"id": agent_id})
        # ok: py-swallowed-exception
        except Exception as e:
            logger.exception("agent lookup failed")
            raise GatheringError(f"could not load agent {agent_id}") from e
        if row is None:
            raise AgentNotFoundError(agent_id)
        return row

    def refresh(self, circle_id: int) -> None:
        try:
            self.db.execute("SELECT circle.refresh_members(%(id)s)", {"id": circle_id})
        # ok: py-swallowed-exception
        except Exception:
            logger.exception("refresh failed", extra={"circle_id": circle_id})
            raise

    def mark_failed(self, run_id: int) -> None:
        try:
            self.db.execute("SELECT pipeline.run(%(id)s)", {"id": run_id})
        # ok: py-swallowed-exception
        except Exception as e:
            self.db.execute(
                "UPDATE pipeline_runs SET status = 'failed', error = %(e)s WHERE id = %(id)s",
                {"id": run_id, "e": str(e)},
            )


def is_valid_cron(expression: str) -> bool:
    try:
        croniter(expression)
        return True
    # ok: py-swallowed-exception
    except Exception:
        return False


def stop_sidecar(proc: subprocess.Popen) -> None:
    try:
        proc.kill()
    # ok: py-swallowed-exception
    except Exception:
        pass


async def emit(handlers, event) -> None:
    for handler in handlers:
        try:
            await handler(event)
        # ok: py-swallowed-exception
        except Exception:
            logger.exception("event handler %s failed", handler)
