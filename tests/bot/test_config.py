"""Tests of bot.config: settings from the environment and .env, and their error messages."""

from __future__ import annotations

import traceback
from pathlib import Path

import platformdirs
import pytest

from bot.config import ConfigError, Settings, WebhookConfig, load_settings

ENV_NAMES = [name.upper() for name in Settings.model_fields]
# Fake credentials, shaped like real ones.
TOKEN = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"  # noqa: S105
SECRET = "s3cr3t_Webhook-Value"  # noqa: S105


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Run every test without the caller's bonemet variables, in an empty working directory."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_env_names_are_exactly_the_documented_ones() -> None:
    """The settings read exactly the documented environment variables."""
    assert sorted(ENV_NAMES) == sorted(
        [
            "TELEGRAM_BOT_TOKEN",
            "TELEGRAM_BASE_URL",
            "BONEMET_DATA_DIR",
            "BONEMET_ALLOWED_CHATS",
            "BONEMET_LOG_LEVEL",
            "BONEMET_DIALOGUE_TTL_HOURS",
            "BONEMET_RATE_LIMIT",
            "BONEMET_WEBHOOK_URL",
            "BONEMET_WEBHOOK_LISTEN",
            "BONEMET_WEBHOOK_SECRET",
        ]
    )


def test_defaults_when_nothing_is_set() -> None:
    """With no variable set, every setting has its documented default and no token is needed."""
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.telegram_base_url is None
    assert settings.bonemet_data_dir == Path(platformdirs.user_data_dir("bonemet"))
    assert settings.bonemet_allowed_chats == frozenset()
    assert settings.bonemet_log_level == "INFO"
    assert settings.bonemet_dialogue_ttl_hours == 24.0
    assert settings.bonemet_rate_limit == 30.0
    assert settings.bonemet_webhook_url is None
    assert settings.bonemet_webhook_listen == ("0.0.0.0", 8443)  # noqa: S104
    assert settings.bonemet_webhook_secret is None


def test_environment_variables_are_read_case_insensitively(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every variable is read from the environment, whatever the case of its name or level."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("telegram_base_url", "http://127.0.0.1:8081/bot")
    monkeypatch.setenv("BONEMET_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BONEMET_ALLOWED_CHATS", "-1001234, 42")
    monkeypatch.setenv("Bonemet_Log_Level", "debug")
    monkeypatch.setenv("BONEMET_DIALOGUE_TTL_HOURS", "0.5")
    monkeypatch.setenv("BONEMET_RATE_LIMIT", "0")
    monkeypatch.setenv("BONEMET_WEBHOOK_URL", "https://bot.example.org/telegram")
    monkeypatch.setenv("BONEMET_WEBHOOK_LISTEN", "127.0.0.1:9000")
    monkeypatch.setenv("BONEMET_WEBHOOK_SECRET", SECRET)

    settings = load_settings()

    assert settings.require_token() == TOKEN
    assert settings.telegram_base_url == "http://127.0.0.1:8081/bot"
    assert settings.bonemet_data_dir == tmp_path / "data"
    assert settings.bonemet_allowed_chats == frozenset({-1001234, 42})
    assert settings.bonemet_log_level == "DEBUG"
    assert settings.bonemet_dialogue_ttl_hours == 0.5
    assert settings.bonemet_rate_limit == 0.0
    assert settings.require_webhook() == WebhookConfig(
        url="https://bot.example.org/telegram", host="127.0.0.1", port=9000, secret=SECRET
    )


def test_overrides_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keyword overrides of load_settings take precedence over environment variables."""
    monkeypatch.setenv("BONEMET_LOG_LEVEL", "ERROR")
    assert load_settings(bonemet_log_level="warning").bonemet_log_level == "WARNING"


def test_unknown_override_is_a_type_error() -> None:
    """A misspelt override is reported instead of being silently ignored."""
    with pytest.raises(TypeError, match="bonemet_log_lvl"):
        load_settings(bonemet_log_lvl="DEBUG")


@pytest.mark.parametrize(
    ("env_name", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("TELEGRAM_BOT_TOKEN", "123456:"),
        ("TELEGRAM_BOT_TOKEN", "123456:has space"),
        ("TELEGRAM_BOT_TOKEN", "'123456:quoted'"),
        ("TELEGRAM_BASE_URL", "ftp://127.0.0.1/bot"),
        ("TELEGRAM_BASE_URL", "127.0.0.1:8081/bot"),
        ("BONEMET_ALLOWED_CHATS", "42, fortytwo"),
        ("BONEMET_ALLOWED_CHATS", "4.2"),
        ("BONEMET_LOG_LEVEL", "verbose"),
        ("BONEMET_DIALOGUE_TTL_HOURS", "0"),
        ("BONEMET_DIALOGUE_TTL_HOURS", "-3"),
        ("BONEMET_DIALOGUE_TTL_HOURS", "a day"),
        ("BONEMET_DIALOGUE_TTL_HOURS", "inf"),
        ("BONEMET_RATE_LIMIT", "-1"),
        ("BONEMET_RATE_LIMIT", "nan"),
        ("BONEMET_WEBHOOK_URL", "http://bot.example.org/telegram"),
        ("BONEMET_WEBHOOK_URL", "https://"),
        ("BONEMET_WEBHOOK_LISTEN", "8443"),
        ("BONEMET_WEBHOOK_LISTEN", "0.0.0.0:0"),
        ("BONEMET_WEBHOOK_LISTEN", "0.0.0.0:65536"),
        ("BONEMET_WEBHOOK_LISTEN", "0.0.0.0:https"),
        ("BONEMET_WEBHOOK_LISTEN", "::1:8443"),
        ("BONEMET_WEBHOOK_LISTEN", "[nope]:8443"),
        ("BONEMET_WEBHOOK_SECRET", "has space"),
        ("BONEMET_WEBHOOK_SECRET", "x" * 257),
        ("BONEMET_WEBHOOK_SECRET", "héhé"),
    ],
)
def test_malformed_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, env_name: str, value: str
) -> None:
    """A malformed value gives a one-line ConfigError that names its environment variable."""
    monkeypatch.setenv(env_name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(f"{env_name}: expected ")
    assert "\n" not in message


def test_several_problems_give_one_line_each(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each malformed variable gets its own line in a single ConfigError."""
    monkeypatch.setenv("BONEMET_LOG_LEVEL", "loud")
    monkeypatch.setenv("BONEMET_RATE_LIMIT", "fast")
    with pytest.raises(ConfigError) as caught:
        load_settings()
    lines = str(caught.value).splitlines()
    assert [line.split(":")[0] for line in lines] == ["BONEMET_LOG_LEVEL", "BONEMET_RATE_LIMIT"]


def test_bad_chat_id_is_named_in_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """The allowlist error quotes the offending item so the operator can find it."""
    monkeypatch.setenv("BONEMET_ALLOWED_CHATS", "42 -100x7 9")
    with pytest.raises(ConfigError, match=r"BONEMET_ALLOWED_CHATS: .*'-100x7'"):
        load_settings()


@pytest.mark.parametrize(
    ("env_name", "secret_value"),
    [
        ("TELEGRAM_BOT_TOKEN", "123456:SuperSecret Part"),
        ("TELEGRAM_BOT_TOKEN", "SuperSecretPart"),
        ("BONEMET_WEBHOOK_SECRET", "SuperSecretPart!"),
    ],
)
def test_rejected_secret_never_appears_in_the_error(
    monkeypatch: pytest.MonkeyPatch, env_name: str, secret_value: str
) -> None:
    """Neither the message nor the full traceback of the error quotes a rejected secret."""
    monkeypatch.setenv(env_name, secret_value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    rendered = "".join(traceback.format_exception(caught.value))
    assert env_name in rendered
    assert "SuperSecret" not in rendered
    # The pydantic error, which quotes inputs, is not chained to it either.
    assert caught.value.__context__ is None
    assert caught.value.__cause__ is None


def test_valid_secrets_are_hidden_in_repr_and_str(monkeypatch: pytest.MonkeyPatch) -> None:
    """Printing or logging the settings never shows the token or the webhook secret."""
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("BONEMET_WEBHOOK_SECRET", SECRET)
    settings = load_settings()
    for text in (repr(settings), str(settings), settings.model_dump_json()):
        assert TOKEN.split(":")[1] not in text
        assert SECRET not in text


def test_test_token_shape_is_accepted() -> None:
    """The short test token "123456:TEST-token" passes validation."""
    test_token = "123456:TEST-token"  # noqa: S105
    assert load_settings(telegram_bot_token=test_token).require_token() == test_token


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", frozenset()),
        ("   ", frozenset()),
        ("42", frozenset({42})),
        ("-1001234, 42", frozenset({-1001234, 42})),
        ("1 2,3 ,, 4\t5\n6", frozenset({1, 2, 3, 4, 5, 6})),
        ("7, 7", frozenset({7})),
        ("+8", frozenset({8})),
    ],
)
def test_allowlist_parsing(raw: str, expected: frozenset[int]) -> None:
    """The allowlist accepts ids separated by commas and/or whitespace; empty means everyone."""
    assert load_settings(bonemet_allowed_chats=raw).bonemet_allowed_chats == expected


def test_empty_values_in_dotenv_mean_unset(clean_env: Path) -> None:
    """An empty "NAME=" line leaves the default instead of failing validation."""
    (clean_env / ".env").write_text("BONEMET_ALLOWED_CHATS=\nBONEMET_WEBHOOK_URL=\n")
    settings = load_settings()
    assert settings.bonemet_allowed_chats == frozenset()
    assert settings.bonemet_webhook_url is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0.0.0.0:8443", ("0.0.0.0", 8443)),  # noqa: S104
        ("127.0.0.1:1", ("127.0.0.1", 1)),
        ("localhost:65535", ("localhost", 65535)),
        ("[::]:8443", ("::", 8443)),
        ("[::1]:88", ("::1", 88)),
        (" bot.internal:80 ", ("bot.internal", 80)),
    ],
)
def test_listen_parsing(raw: str, expected: tuple[str, int]) -> None:
    """The listen address splits into host and port, IPv6 hosts in brackets."""
    assert load_settings(bonemet_webhook_listen=raw).bonemet_webhook_listen == expected


def test_dotenv_file_is_read_and_environment_wins(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .env file in the working directory is read, and real environment variables beat it."""
    (clean_env / ".env").write_text(
        "# comment\n"
        f"TELEGRAM_BOT_TOKEN={TOKEN}\n"
        "BONEMET_LOG_LEVEL=warning\n"
        "BONEMET_ALLOWED_CHATS=1,2\n"
        "UNRELATED_VARIABLE=ignored\n"
    )
    monkeypatch.setenv("BONEMET_ALLOWED_CHATS", "3")
    settings = load_settings()
    assert settings.require_token() == TOKEN
    assert settings.bonemet_log_level == "WARNING"
    assert settings.bonemet_allowed_chats == frozenset({3})


def test_malformed_dotenv_value_names_the_variable(clean_env: Path) -> None:
    """A bad value coming from .env is reported like one from the environment."""
    (clean_env / ".env").write_text("BONEMET_DIALOGUE_TTL_HOURS=-1\n")
    with pytest.raises(ConfigError, match=r"^BONEMET_DIALOGUE_TTL_HOURS: "):
        load_settings()


def test_data_dir_expands_home(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A data dir written as ~/... (common in .env files) is expanded to the home folder."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("BONEMET_DATA_DIR", "~/bonemet-data")
    assert load_settings().bonemet_data_dir == tmp_path / "bonemet-data"


def test_require_token_explains_how_to_get_one() -> None:
    """Without a token, require_token tells the operator to ask @BotFather."""
    with pytest.raises(ConfigError) as caught:
        load_settings().require_token()
    assert str(caught.value) == (
        "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and "
        "export TELEGRAM_BOT_TOKEN=..."
    )


@pytest.mark.parametrize(
    ("overrides", "missing"),
    [
        ({}, ["BONEMET_WEBHOOK_URL", "BONEMET_WEBHOOK_SECRET"]),
        ({"bonemet_webhook_url": "https://bot.example.org/t"}, ["BONEMET_WEBHOOK_SECRET"]),
        ({"bonemet_webhook_secret": SECRET}, ["BONEMET_WEBHOOK_URL"]),
    ],
)
def test_require_webhook_names_what_is_missing(
    overrides: dict[str, str], missing: list[str]
) -> None:
    """require_webhook fails with one line per missing variable, and no secret in it."""
    settings = load_settings(**overrides)
    with pytest.raises(ConfigError) as caught:
        settings.require_webhook()
    lines = str(caught.value).splitlines()
    assert [line.split(" ")[0] for line in lines] == missing
    assert SECRET not in str(caught.value)


def test_require_webhook_returns_the_listen_address() -> None:
    """require_webhook returns url, parsed host and port, and the secret in clear."""
    settings = load_settings(
        bonemet_webhook_url="https://bot.example.org/t",
        bonemet_webhook_secret=SECRET,
        bonemet_webhook_listen="[::]:8443",
    )
    url, host, port, secret = settings.require_webhook()
    assert (url, host, port, secret) == ("https://bot.example.org/t", "::", 8443, SECRET)
