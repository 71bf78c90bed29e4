"""Configuration from environment variables and an optional ``.env`` file, validated at start-up."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple
from urllib.parse import urlsplit

import platformdirs
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["ConfigError", "Settings", "WebhookConfig", "load_settings"]

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]

# Loose on purpose: real tokens are "<digits>:<35 url-safe chars>", but test tokens such as
# "123456:TEST-token" must pass too; what matters is catching a pasted quote, space or half token.
_TOKEN_RE = re.compile(r"\d+:\S+")
# Telegram's own rule for the X-Telegram-Bot-Api-Secret-Token header.
_WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
_LISTEN_RE = re.compile(r"(?:\[(?P<ipv6>[^\]]+)\]|(?P<host>[^:\[\]\s]+)):(?P<port>\d{1,5})")

# What each variable expects, for error messages: written by hand rather than copied from
# pydantic, whose messages may quote the rejected input, and the input may be a secret.
_EXPECTED: dict[str, str] = {
    "telegram_bot_token": "expected a bot token from @BotFather, '<digits>:<secret>' "
    "without spaces",
    "telegram_base_url": "expected an http(s) URL such as http://127.0.0.1:8081/bot",
    "bonemet_data_dir": "expected a directory path",
    "bonemet_allowed_chats": "expected integer chat ids separated by commas or spaces",
    "bonemet_log_level": "expected one of DEBUG, INFO, WARNING, ERROR",
    "bonemet_dialogue_ttl_hours": "expected a number of hours greater than 0",
    "bonemet_rate_limit": "expected messages per second, a number >= 0 (0 disables the cap)",
    "bonemet_webhook_url": "expected an https URL such as https://bot.example.org/telegram",
    "bonemet_webhook_listen": "expected host:port such as 0.0.0.0:8443 or [::]:8443, port 1-65535",
    "bonemet_webhook_secret": "expected 1-256 characters among A-Z a-z 0-9 _ -",
}
# Fields whose validators say which part of the value is wrong (never a secret's field).
_DETAILED_FIELDS = frozenset({"bonemet_allowed_chats", "bonemet_webhook_listen"})


class ConfigError(Exception):
    """Invalid or missing configuration, with a message fit to show the operator."""


class WebhookConfig(NamedTuple):
    """Everything ``Application.run_webhook`` needs, checked to be present."""

    url: str
    host: str
    port: int
    secret: str


def _is_http_url(value: str, schemes: tuple[str, ...]) -> bool:
    parts = urlsplit(value)
    return parts.scheme in schemes and bool(parts.hostname) and not re.search(r"\s", value)


class Settings(BaseSettings):
    """The bot's settings; field names are the environment variable names in lower case."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        # "FOO=" in a .env file means "not set", not "set to the empty string".
        env_ignore_empty=True,
    )

    telegram_bot_token: SecretStr | None = None
    telegram_base_url: str | None = None
    bonemet_data_dir: Path = Field(
        default_factory=lambda: Path(platformdirs.user_data_dir("bonemet"))
    )
    bonemet_allowed_chats: Annotated[frozenset[int], NoDecode] = frozenset()
    bonemet_log_level: LogLevel = "INFO"
    bonemet_dialogue_ttl_hours: float = Field(default=24.0, gt=0, allow_inf_nan=False)
    bonemet_rate_limit: float = Field(default=30.0, ge=0, allow_inf_nan=False)
    bonemet_webhook_url: str | None = None
    # Binding every interface is the point of a webhook listener (behind a TLS proxy).
    bonemet_webhook_listen: Annotated[tuple[str, int], NoDecode] = ("0.0.0.0", 8443)  # noqa: S104 - see above
    bonemet_webhook_secret: SecretStr | None = None

    @field_validator("telegram_bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_RE.fullmatch(value.get_secret_value()):
            raise ValueError("malformed token")
        return value

    @field_validator("telegram_base_url")
    @classmethod
    def _check_base_url(cls, value: str | None) -> str | None:
        if value is not None and not _is_http_url(value, ("http", "https")):
            raise ValueError("not an http(s) URL")
        return value

    @field_validator("bonemet_webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not _is_http_url(value, ("https",)):
            raise ValueError("not an https URL")
        return value

    @field_validator("bonemet_webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET_RE.fullmatch(value.get_secret_value()):
            raise ValueError("malformed secret")
        return value

    @field_validator("bonemet_data_dir")
    @classmethod
    def _expand_home(cls, value: Path) -> Path:
        # A .env file is not read by a shell, so "~/bonemet" would otherwise stay literal.
        return value.expanduser()

    @field_validator("bonemet_allowed_chats", mode="before")
    @classmethod
    def _parse_allowed_chats(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        ids: set[int] = set()
        for item in re.split(r"[\s,]+", value.strip()):
            if not item:
                continue
            try:
                ids.add(int(item))
            except ValueError:
                raise ValueError(f"{item!r} is not an integer chat id") from None
        return frozenset(ids)

    @field_validator("bonemet_log_level", mode="before")
    @classmethod
    def _upper_log_level(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @field_validator("bonemet_webhook_listen", mode="before")
    @classmethod
    def _parse_listen(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        match = _LISTEN_RE.fullmatch(value.strip())
        if match is None:
            raise ValueError(f"{value!r} is not host:port")
        host = match["ipv6"] or match["host"]
        if match["ipv6"] is not None:
            try:
                ipaddress.IPv6Address(host)
            except ValueError:
                raise ValueError(f"{host!r} is not an IPv6 address") from None
        port = int(match["port"])
        if not 1 <= port <= 65535:
            raise ValueError(f"port {port} is outside 1-65535")
        return (host, port)

    def require_token(self) -> str:
        """Return the bot token, or raise ConfigError telling how to get one."""
        if self.telegram_bot_token is None:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and "
                "export TELEGRAM_BOT_TOKEN=..."
            )
        return self.telegram_bot_token.get_secret_value()

    def require_webhook(self) -> WebhookConfig:
        """Return the webhook settings, or raise ConfigError naming what is missing."""
        missing = [
            name
            for name, value in (
                ("BONEMET_WEBHOOK_URL", self.bonemet_webhook_url),
                ("BONEMET_WEBHOOK_SECRET", self.bonemet_webhook_secret),
            )
            if value is None
        ]
        if missing or self.bonemet_webhook_url is None or self.bonemet_webhook_secret is None:
            raise ConfigError(
                "\n".join(f"{name} is not set: webhook mode needs it" for name in missing)
            )
        host, port = self.bonemet_webhook_listen
        return WebhookConfig(
            url=self.bonemet_webhook_url,
            host=host,
            port=port,
            secret=self.bonemet_webhook_secret.get_secret_value(),
        )


def _describe(error: ErrorDetails) -> str:
    """One line naming the variable and what it expects, without the rejected value."""
    loc = error["loc"]
    field = str(loc[0]) if loc else ""
    if field not in _EXPECTED:
        return f"{field.upper() or 'configuration'}: invalid value"
    line = f"{field.upper()}: {_EXPECTED[field]}"
    if error["type"] == "value_error" and field in _DETAILED_FIELDS:
        line += f" ({error['ctx']['error']})"
    return line


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment and ``.env``, keyword overrides winning."""
    unknown = overrides.keys() - Settings.model_fields.keys()
    if unknown:
        # extra="ignore" is for stray environment variables, not for typos in code.
        raise TypeError(f"unknown settings: {', '.join(sorted(unknown))}")
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = dict.fromkeys(_describe(error) for error in exc.errors())
    # Raised outside the except block so that the ValidationError, whose text quotes the
    # inputs (secrets included), is not even attached as __context__ to show in tracebacks.
    raise ConfigError("\n".join(lines))
