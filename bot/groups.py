"""The group flow: answers typed as replies, and the move of a member's score to private.

In a group each member runs their own dialogue (stored per chat and user). A member
can continue in private through a signed `/start g-…` link; the result then comes
back to the group as a reply to the group's question message.
"""

from __future__ import annotations

from telegram import Message
from telegram.constants import ChatType

from bot.callbacks import decode_group_payload, group_payload_score
from bot.context import Record, Services, UpdateContext
from bot.delivery import quietly, refuse, respond, send, send_tracked
from bot.views import View, step_view
from dialogs.chat import Outcome, kind_of
from dialogs.engine import RESULT, Step
from dialogs.i18n import ui
from dialogs.render import HTML


def is_reply_to_bot(message: Message, bot_id: int) -> bool:
    """Whether `message` replies to one of the bot's messages."""
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


def continued_in_private(services: Services, group_id: int, user_id: int) -> bool:
    """Whether the member's score from this group now continues in their private chat."""
    record = services.load_record(user_id, user_id)
    return record is not None and record.origin_chat == group_id


async def reply_is_for_own_dialogue(ctx: UpdateContext) -> bool:
    """In a group, a typed answer must reply to the member's own current question.

    A reply to someone else's question is refused (it would otherwise answer the
    member's own dialogue by accident); a reply to an old message gets a pointer to
    the current one; a reply with no score in progress is ordinary conversation.
    """
    message, record, t = ctx.message, ctx.record, ui(ctx.lang)
    replied = message.reply_to_message
    target = replied.message_id if replied is not None else None
    if record is not None and target == record.message_id:
        return True
    owner = ctx.services.owner_of(message.chat_id, target) if target is not None else None
    if owner is not None and owner.user_id != ctx.user.id:
        theirs = ui(ctx.lang, kind_of(ctx.services.engine, owner.score))
        text = t["foreign_own"] if record is not None else theirs["foreign"]
        await send(message, View(HTML.escape(text)), reply=True)
    elif record is not None:
        await send(message, View(HTML.escape(t["reply_current"])), reply=True)
    return False


async def start_from_group(ctx: UpdateContext, payload: str) -> bool:
    """`/start <payload>` from a group's private link: the group's score continues here.

    Only a score in progress in the group moves (with its answers); pressing the link
    again re-shows the question where it is; a link whose group score has ended
    starts a private score that is not posted to the group. Returns whether `payload`
    was such a link.
    """
    message, services, lang = ctx.message, ctx.services, ctx.lang
    if ctx.chat.type != ChatType.PRIVATE or not payload.startswith("g-"):
        return False
    decoded = decode_group_payload(services.link_secret, payload, ctx.user.id)
    if decoded is None or decoded[0] not in services.engine.flows:
        kind = kind_of(services.engine, group_payload_score(payload))
        await send(message, View(HTML.escape(ui(lang, kind)["link_not_yours"])), reply=False)
        return True
    score_id, group_id = decoded
    t = ui(lang, kind_of(services.engine, score_id))
    allowed = services.settings.bonemet_allowed_chats
    if allowed and group_id not in allowed and ctx.chat.id not in allowed:
        await refuse(services, message)
        return True
    here = ctx.record
    if here is not None and here.origin_chat == group_id:
        loaded = services.engine.load(here.session)
        if (
            loaded.notice is None
            and loaded.session is not None
            and loaded.session.score == score_id
            and loaded.session.state != RESULT
        ):
            await respond(ctx, Outcome(loaded.session, lang, step=loaded))
            return True
    step, origin_message = await _take_over_group_dialogue(ctx, score_id, group_id)
    assert step.session is not None  # noqa: S101 - start and show give a session
    if here is not None and here.message_id is not None:
        await quietly(
            message.get_bot().edit_message_reply_markup(
                chat_id=ctx.chat.id, message_id=here.message_id, reply_markup=None
            )
        )
    linked = origin_message is not None
    if not linked and allowed and ctx.chat.id not in allowed:
        # Only the group is open: a private score not tied to it could not go on.
        await send(message, View(HTML.escape(t["group_ended_closed"])), reply=False)
        return True
    ctx.replace(
        Record(
            session=step.session.to_json(),
            origin_chat=group_id if linked else None,
            origin_message=origin_message,
        )
    )
    hint = HTML.escape(t["group_started" if linked else "group_ended"])
    await send_tracked(ctx, step.session, step_view(step, lang, before=hint + "\n\n"))
    return True


async def _take_over_group_dialogue(
    ctx: UpdateContext, score_id: str, group_id: int
) -> tuple[Step, int | None]:
    """The member's score in progress in the group, moved here with its answers.

    The group's question message is closed with a pointer, so the score cannot run
    on in both places, and the result will reply to it in the group. Without a score
    in progress there: a new score, and no group message to reply to (None).
    """
    services, lang, user_id = ctx.services, ctx.lang, ctx.user.id
    engine = services.engine
    record = services.load_record(group_id, user_id)
    if record is None:
        return engine.start(score_id, lang), None
    loaded = engine.load(record.session)
    session = loaded.session
    if (
        loaded.notice is not None
        or session is None
        or session.score != score_id
        or session.state == RESULT
    ):
        return engine.start(score_id, lang), None
    services.store.delete_dialogue(group_id, user_id)
    if record.message_id is not None:
        await quietly(
            ctx.message.get_bot().edit_message_text(
                chat_id=group_id,
                message_id=record.message_id,
                text=services.status(score_id, lang, "continued_private"),
            )
        )
    return engine.with_lang(session, lang), record.message_id
