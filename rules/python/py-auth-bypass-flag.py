import os

from fastapi import Depends, HTTPException, status
from fastapi.security import OAuth2PasswordBearer
from pydantic_settings import BaseSettings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/auth/login")

# ruleid: py-auth-bypass-flag
DISABLE_AUTH = os.getenv("DISABLE_AUTH", "false").lower() == "true"
# ok: py-auth-bypass-flag
SKIP_AUTHOR_LINKS = os.getenv("SKIP_AUTHOR_LINKS", "false") == "true"
# ok: py-auth-bypass-flag
AUTH_TOKEN_TTL = int(os.environ.get("AUTH_TOKEN_TTL", "3600"))


class Settings(BaseSettings):
    database_url: str
    # ruleid: py-auth-bypass-flag
    gathering_skip_auth: bool = False
    # ok: py-auth-bypass-flag
    auth_secret_key: str


async def get_current_user(token: str = Depends(oauth2_scheme)) -> dict:
    # ruleid: py-auth-bypass-flag
    if DISABLE_AUTH or os.environ.get("AUTH_DISABLED") == "1":
        return {"id": "dev", "email": "dev@localhost", "role": "admin"}
    user = decode_token(token)
    if user is None:
        raise HTTPException(status_code=status.HTTP_401_UNAUTHORIZED)
    return user


def bypass_for_tests() -> bool:
    # ruleid: py-auth-bypass-flag
    return os.environ["BYPASS_AUTH"] == "1"


def author_email() -> str:
    # ok: py-auth-bypass-flag
    return os.environ["AUTHOR_EMAIL"]


def decode_token(token: str) -> dict | None:
    # ok: py-auth-bypass-flag
    secret = os.environ["AUTH_SECRET_KEY"]
    return {"id": token[:8], "secret_len": len(secret)}
