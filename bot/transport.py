"""The bot's Bot API client: python-telegram-bot's ``BaseRequest`` on one aiohttp session.

Why not PTB's default ``HTTPXRequest``: measured with ``bench/bench_bot.py`` on the fake Bot
API, httpx/httpcore spent 2.5 to 4 times the CPU of aiohttp per call, and the Bot API client
was where the bot's CPU went. This class is a drop-in replacement, behaving like
``HTTPXRequest`` wherever the bot can tell:

* HTTP statuses become PTB's exceptions in ``BaseRequest`` itself (inherited, not re-coded):
  400 ``BadRequest``, 401/404 ``InvalidToken``, 403 ``Forbidden``, 409 ``Conflict``,
  ``retry_after`` ``RetryAfter``, ``migrate_to_chat_id`` ``ChatMigrated``, others
  ``NetworkError``;
* a timeout is ``TimedOut``; waiting longer than ``pool_timeout`` for one of the
  ``connection_pool_size`` connections is ``TimedOut`` with HTTPXRequest's "Pool timeout"
  message, and the request is then *not* sent; any other transport failure (connection
  refused or reset, server disconnected, malformed response) is ``NetworkError`` whose
  message names the aiohttp exception class, as HTTPXRequest names httpx's;
* parameters go as a JSON object of the very string pairs HTTPXRequest form-encodes (the Bot
  API reads both alike), files as multipart (``files`` and ``media_write_timeout`` as in
  HTTPXRequest), with PTB's User-Agent, no redirects followed;
* proxies from ``HTTPS_PROXY`` / ``HTTP_PROXY`` / ``ALL_PROXY`` / ``NO_PROXY`` as httpx reads
  them (looked up once per origin rather than per request), or ``proxy=``.

One difference: aiohttp has no per-write timeout. Ordinary requests are a few hundred bytes
written at once, so nothing is lost there; for file uploads the write timeout
(``media_write_timeout`` by default) is added to the read timeout, which aiohttp counts
from the moment the request starts going out.

Error messages never contain the request URL, which holds the bot token.

**Answers the bot never reads.** python-telegram-bot turns every answer into objects: each
update, and the whole message an edit or a send returns, keyboard and text entities
included. Under load, parsing updates and edits' answers was a sixth of the bot's CPU
(py-spy of bench A), much of it on objects nobody reads (a press's update: 660 us with its
message's keyboard and entities, 305 without; an edit's answer: 410 us). So, before PTB
sees an answer, this client drops what bonemet never reads (see
``UNREAD``): an edit's answer becomes ``true`` (what the Bot API itself returns for edits
of inline messages, which PTB's methods already return as is), and the keyboard and
entities of the bot's own messages are left out of sent messages and of button presses'
``message``. Nothing else is touched: the Bot API's own errors, users' messages, their
entities (commands) and every other field reach PTB as sent. A bot built on this client
must not read what ``UNREAD`` names; the bot's end-to-end tests run through it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any, Final

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import JSONDict, ODVInput
from telegram.error import NetworkError, TelegramError, TimedOut
from telegram.request import BaseRequest, RequestData

__all__ = ["POOL_TIMEOUT_MESSAGE", "AiohttpRequest", "PollingRequest"]

# HTTPXRequest's wording, so that logs and any code matching it read the same.
POOL_TIMEOUT_MESSAGE: Final = (
    "Pool timeout: All connections in the connection pool are occupied. "
    "Request was *not* sent to Telegram. Consider adjusting the connection "
    "pool size or the pool timeout."
)
_NO_UPDATES: Final = b'{"ok": true, "result": []}'
# Parameters go as a JSON object of strings (PTB's json_parameters: nested objects are already
# JSON-serialised), which the Bot API reads exactly as the same pairs form-encoded, and which
# the json module writes in C where urlencode percent-encodes byte by byte in Python (4 % of
# the bot's CPU under load, py-spy). python-telegram-bot 13 sent JSON bodies the same way.
_JSON: Final = {"Content-Type": "application/json"}
# Every update of a getUpdates answer has one, and nothing else in it is so named.
_UPDATE_ID = re.compile(rb'"update_id"\s*:\s*(\d+)')
# The token sits in the path right after "/bot" (or "/file/bot"): "/bot123:abc/sendMessage".
_TOKEN_IN_PATH = re.compile(r"(/bot)[^/\s'\"]+")
# The Bot API method of the call in progress, for parse_json_payload (PTB parses an answer
# in the task that awaited do_request, right after it).
_METHOD: contextvars.ContextVar[str] = contextvars.ContextVar("bonemet_method", default="")
_BOT_MESSAGE_UNREAD: Final = ("reply_markup", "entities")
UNREAD: Final = {
    "editmessagetext": "the edited message (the answer becomes true)",
    "editmessagereplymarkup": "the edited message (the answer becomes true)",
    "sendmessage": f"the sent message's {', '.join(_BOT_MESSAGE_UNREAD)}",
    "getupdates": f"a button press's message's {', '.join(_BOT_MESSAGE_UNREAD)}",
}
"""What the bot never reads, by Bot API method (lower case): dropped from Telegram's answers."""


def _without_unread(method: str, answer: JSONDict) -> JSONDict:
    """``answer`` without what ``UNREAD`` names for ``method`` (changed in place)."""
    result = answer.get("result")
    if method in ("editmessagetext", "editmessagereplymarkup"):
        if isinstance(result, dict):
            answer["result"] = True
    elif method == "sendmessage":
        if isinstance(result, dict):
            for key in _BOT_MESSAGE_UNREAD:
                result.pop(key, None)
    elif method == "getupdates" and isinstance(result, list):
        for update in result:
            query = update.get("callback_query") if isinstance(update, dict) else None
            message = query.get("message") if isinstance(query, dict) else None
            if isinstance(message, dict):
                for key in _BOT_MESSAGE_UNREAD:
                    message.pop(key, None)
    return answer


def _redact(text: str, url: str) -> str:
    """``text`` without ``url`` or anything shaped like the token part of a Bot API path."""
    return _TOKEN_IN_PATH.sub(r"\1<token>", text.replace(url, "<Bot API URL>"))


class AiohttpRequest(BaseRequest):
    """A ``BaseRequest`` on one ``aiohttp.ClientSession``; see the module docstring."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool",
        "_pool_size",
        "_pool_timeout",
        "_proxies",
        "_proxy",
        "_read_timeout",
        "_session",
        "_timeouts",
        "_write_timeout",
    )

    def __init__(  # noqa: PLR0917 - HTTPXRequest's signature, positional parameters included
        self,
        connection_pool_size: int = 256,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
        proxy: str | None = None,
    ) -> None:
        """HTTPXRequest's parameters and defaults (HTTP/1.1 only, no socket options)."""
        if connection_pool_size < 1:
            raise ValueError("connection_pool_size must be at least 1")
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._proxy = proxy
        self._proxies: dict[str, str | None] = {}
        self._timeouts: dict[tuple[float | None, float | None], aiohttp.ClientTimeout] = {}
        self._session: aiohttp.ClientSession | None = None
        self._pool: asyncio.Semaphore | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout, in seconds."""
        return self._read_timeout

    async def initialize(self) -> None:
        """Open the session (it needs the running event loop); harmless if already open."""
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0)
            self._session = aiohttp.ClientSession(
                connector=connector,
                # Telegram sets no cookies; a dummy jar saves work on every response.
                cookie_jar=aiohttp.DummyCookieJar(),
                headers={"User-Agent": self.USER_AGENT},
            )
            self._pool = asyncio.Semaphore(self._pool_size)
            self._proxies.clear()

    async def shutdown(self) -> None:
        """Close the session and its connections; harmless if already closed."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    def _proxy_for(self, url: str) -> str | None:
        """The proxy for ``url``: ``proxy=``, else the environment's, as httpx reads it."""
        if self._proxy is not None:
            return self._proxy
        end = url.find("/", url.find("//") + 2)
        origin = url if end < 0 else url[:end]
        try:
            return self._proxies[origin]
        except KeyError:
            pass
        parts = urllib.parse.urlsplit(origin)
        env = urllib.request.getproxies_environment()
        proxy = env.get(parts.scheme) or env.get("all")
        if proxy and urllib.request.proxy_bypass(parts.netloc):  # NO_PROXY
            proxy = None
        self._proxies[origin] = proxy or None
        return proxy or None

    def _timeout(self, connect: float | None, read: float | None) -> aiohttp.ClientTimeout:
        key = (connect, read)
        timeout = self._timeouts.get(key)
        if timeout is None:
            # No total: long polling sets its own read timeout. "connect" in aiohttp also
            # covers waiting for the pool, which the semaphore in do_request has done already.
            timeout = aiohttp.ClientTimeout(
                total=None, connect=None, sock_connect=connect, sock_read=read
            )
            if len(self._timeouts) < 64:  # a handful of distinct values in practice
                self._timeouts[key] = timeout
        return timeout

    async def do_request(  # noqa: PLR0917 - BaseRequest.do_request's signature
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; return its status and body, or raise TimedOut / NetworkError."""
        _METHOD.set(url.rpartition("/")[2].lower())
        read, connect, waiting = self._resolve(read_timeout, connect_timeout, pool_timeout)
        data: Any = None
        headers: dict[str, str] | None = None
        if request_data is not None:
            if request_data.contains_files:
                write = (
                    self._media_write_timeout
                    if isinstance(write_timeout, DefaultValue)
                    else write_timeout
                )
                if read is not None:
                    read = None if write is None else read + write
                data = self._multipart(request_data)
            else:
                data, headers = _json_body(request_data.json_parameters)
        return await self._send(url, method, data, headers, read, connect, waiting)

    @staticmethod
    def parse_json_payload(payload: bytes) -> JSONDict:
        """Telegram's answer, without what the bot never reads (``UNREAD``).

        Unlike PTB's, an unreadable answer is not logged: it may hold users' messages.
        """
        try:
            answer = json.loads(payload.decode("utf-8", "replace"))
        except ValueError as error:
            raise TelegramError("Invalid server response") from error
        if not isinstance(answer, dict):
            raise TelegramError("Invalid server response")
        if answer.get("ok") is True:
            _without_unread(_METHOD.get(), answer)
        return answer

    def _resolve(
        self,
        read_timeout: ODVInput[float],
        connect_timeout: ODVInput[float],
        pool_timeout: ODVInput[float],
    ) -> tuple[float | None, float | None, float | None]:
        """The read, connect and pool timeouts of one call: PTB's, else this client's."""
        return (
            self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout,
            self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout,
            self._pool_timeout if isinstance(pool_timeout, DefaultValue) else pool_timeout,
        )

    async def _send(  # noqa: PLR0917 - the pieces do_request worked out
        self,
        url: str,
        method: str,
        data: Any,
        headers: dict[str, str] | None,
        read: float | None,
        connect: float | None,
        waiting: float | None,
    ) -> tuple[int, bytes]:
        """Send one prepared request through the pool; map transport failures to PTB's."""
        session, pool = self._session, self._pool
        if session is None or pool is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        if pool.locked():
            try:
                async with asyncio.timeout(waiting):
                    await pool.acquire()
            except TimeoutError:
                raise TimedOut(POOL_TIMEOUT_MESSAGE) from None
        else:
            await pool.acquire()
        try:
            async with session.request(
                method,
                url,
                data=data,
                headers=headers,
                timeout=self._timeout(connect, read),
                proxy=self._proxy_for(url),
                allow_redirects=False,
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's timeouts are TimeoutError subclasses
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # Not chained: aiohttp's message may hold the URL, so the token, and PTB logs
            # some network errors with their traceback.
            raise NetworkError(_redact(f"aiohttp.{type(error).__name__}: {error}", url)) from None
        finally:
            pool.release()

    @staticmethod
    def _multipart(request_data: RequestData) -> aiohttp.FormData:
        form = aiohttp.FormData(quote_fields=False)
        for name, value in request_data.json_parameters.items():
            form.add_field(name, value)
        for name, (filename, content, mimetype) in request_data.multipart_data.items():
            form.add_field(name, content, filename=filename, content_type=mimetype)
        return form


class PollingRequest(AiohttpRequest):
    """The getUpdates client: fetches the next batch early, and stops on fatal answers.

    **Prefetch.** As soon as a batch of updates arrives, the next long poll is sent (with
    the offset python-telegram-bot is about to ask for) before the batch is handed over, and
    PTB's next call takes its answer. Without it, the next poll left only after the event
    loop had run the work the batch itself created (every update's handling up to its first
    Bot API call): measured against the fake Bot API with 50 ms per call and 20 clinicians,
    the bot then polled every ~85 ms instead of ~50, and taps waited for it. Confirming the
    batch early changes nothing: PTB confirms it with its very next poll, before handling
    it, too. A call PTB makes with other parameters (the last one, at shutdown) cancels the
    prefetch and is sent as asked; a prefetched failure is raised to PTB's next call, which
    handles it as its own.

    **Fatal answers.** python-telegram-bot's polling loop stops on 401/404 (token revoked)
    without stopping the process, and retries 409 (another process polling with the same
    token, or a webhook set meanwhile) forever: either way the bot is deaf while looking
    alive. This client calls ``on_fatal`` with the reason instead, so the runner can log it
    and exit non-zero. 409 is fatal when it comes three times in a row: one may be the tail
    of a previous run's long poll.

    Once it has reported a fatal answer (to an ``on_fatal`` callback), it stops calling
    Telegram and answers "no updates" until the runner stops polling, so that PTB's
    polling loop ends quietly instead of logging tracebacks about an error already
    explained in one line.
    """

    __slots__ = (
        "_conflicts",
        "_given_up",
        "_prefetch",
        "backlog",
        "max_backlog",
        "on_fatal",
    )

    CONFLICTS = 3

    def __init__(self, *, max_backlog: int = 512, **kwargs: Any) -> None:
        """AiohttpRequest's parameters; a pool of one connection (one poll at a time).

        ``backlog``, once set, returns how many fetched updates are not finished yet: no
        new poll is made while it is ``max_backlog`` or more, so a burst of users waits at
        Telegram, not in this process's memory (python-telegram-bot makes a task of every
        fetched update at once, however many are already waiting).
        """
        kwargs.setdefault("connection_pool_size", 1)
        super().__init__(**kwargs)
        self.on_fatal: Callable[[str], None] | None = None
        self.backlog: Callable[[], int] | None = None
        self.max_backlog = max_backlog
        self._conflicts = 0
        self._given_up = False
        # The poll sent ahead: (url, parameters) it was sent with, and its answer to come.
        self._prefetch: tuple[tuple[str, dict[str, str]], asyncio.Task[tuple[int, bytes]]] | None
        self._prefetch = None

    async def shutdown(self) -> None:
        """Drop a poll sent ahead (its updates stay at Telegram), then close the session."""
        await self._drop_prefetch()
        await super().shutdown()

    async def _drop_prefetch(self) -> None:
        if self._prefetch is not None:
            _, task = self._prefetch
            self._prefetch = None
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, TelegramError):
                await task

    async def _prefetched(self, url: str, parameters: dict[str, str]) -> tuple[int, bytes] | None:
        """The answer of the poll sent ahead for exactly this call, else None (dropped)."""
        if self._prefetch is None:
            return None
        key, task = self._prefetch
        if key != (url, parameters):
            await self._drop_prefetch()
            return None
        self._prefetch = None
        return await task  # a failure is this call's failure

    def _send_ahead(  # noqa: PLR0917 - the call just answered, and its answer
        self,
        url: str,
        parameters: dict[str, str],
        body: bytes,
        read: float | None,
        connect: float | None,
        waiting: float | None,
    ) -> None:
        """Send the poll PTB will make next, unless the backlog is already full."""
        ids = _UPDATE_ID.findall(body)
        if self.backlog is not None and self.backlog() + len(ids) >= self.max_backlog:
            return
        following = dict(parameters)
        if ids:
            following["offset"] = str(int(ids[-1]) + 1)
        data, headers = _json_body(following)
        task = asyncio.create_task(
            self._send(url, "POST", data, headers, read, connect, waiting), name="bonemet-poll"
        )
        # Retrieved by the next call, or by _drop_prefetch; never left unobserved.
        task.add_done_callback(_observe)
        self._prefetch = ((url, following), task)

    async def do_request(  # noqa: PLR0917 - BaseRequest.do_request's signature
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """As AiohttpRequest (or the poll sent ahead), then report a fatal answer."""
        _METHOD.set(url.rpartition("/")[2].lower())
        if self._given_up:
            await asyncio.sleep(0.5)  # PTB polls again at once: no busy loop until it stops
            return 200, _NO_UPDATES
        if request_data is not None and request_data.contains_files:  # not a poll
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        read, connect, waiting = self._resolve(read_timeout, connect_timeout, pool_timeout)
        parameters = request_data.json_parameters if request_data is not None else {}
        answer = await self._prefetched(url, parameters)
        if answer is None:
            if self.backlog is not None:
                # A plain poll: the backlog is asyncio.Queue's counter, which signals nothing.
                while self.backlog() >= self.max_backlog:  # noqa: ASYNC110
                    await asyncio.sleep(0.02)
            data, headers = _json_body(parameters)
            answer = await self._send(url, method, data, headers, read, connect, waiting)
        status, body = answer
        reason = None
        if status in (401, 404):
            reason = (
                f"Telegram refuses the bot token ({status}): it was revoked or is wrong; "
                "get the current one from @BotFather (/token) and restart"
            )
        elif status == 409:
            self._conflicts += 1
            if self._conflicts >= self.CONFLICTS:
                reason = (
                    "Telegram reports a conflict (409) on getUpdates: another process is "
                    "polling with this token, or a webhook is set; stop the other one"
                )
        else:
            self._conflicts = 0
        if reason is not None and self.on_fatal is not None:
            self._given_up = True
            self.on_fatal(reason)
            return 200, _NO_UPDATES
        if status == 200 and parameters:
            self._send_ahead(url, parameters, body, read, connect, waiting)
        return status, body


def _json_body(parameters: dict[str, str]) -> tuple[bytes | None, dict[str, str] | None]:
    """The request body and headers for these parameters (none without parameters)."""
    return (json.dumps(parameters).encode(), _JSON) if parameters else (None, None)


def _observe(task: asyncio.Task[tuple[int, bytes]]) -> None:
    """Mark a poll's failure as retrieved: it is raised to the call that takes the poll."""
    if not task.cancelled():
        task.exception()
