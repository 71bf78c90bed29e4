"""The spine and long-bone pathways in Telegram: the real Application against the fake
Bot API server, a clinician tapping buttons (private chat, a group and the move to
private, /back over derived answers), and a dialogue that survives a restart of the bot
process. Totals and sentences are typed in from the guideline's tables (the same patients
as tests/scoring/test_pathway_summaries.py)."""

# Waiting helpers take ``timeout=`` on purpose, as in fake_telegram.py.
# ruff: noqa: ASYNC109

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.bot.conftest import Running, group_with_member
from tests.bot.fake_telegram import BOT_USERNAME, FakeTelegram, StoredMessage
from tests.bot.test_process import (
    STARTUP,
    assert_clean_exit,
    assert_fake_clean,
    bonemet_run,
    data_dir_in,
)


def option(start: str) -> Callable[[dict[str, Any]], bool]:
    """An answer button by the start of its label (after any "N pts · " prefix)."""
    return lambda button: button["text"].split(" · ", 1)[-1].startswith(start)


async def tap_all(
    fake: FakeTelegram,
    chat: int,
    user: int,
    message_id: int,
    labels: list[str],
    *,
    timeout: float = 5.0,
) -> None:
    """Tap each answer in turn on the question message; each tap edits it in place (the
    last one closes it)."""
    for label in labels:
        edits = fake.message(chat, message_id).edit_count
        query = await fake.press_button(chat, user, message_id, option(label))
        await fake.wait_for_answer(query, timeout=timeout)
        await fake.wait_for_edit(chat, message_id, edits, timeout=timeout)
        timeout = 5.0


# SCLC with cord compression, Frankel D1 (fifth spine patient of the scoring tests).
SPINE_SCLC_RADES_II = [
    "Cancer bronchique à petites cellules",  # primary: SCLC
    "Semi-rigide",  # SINS 1
    "Mécanique",  # 3
    "Mixte",  # 1
    "Alignement normal",  # 0
    "Tassement < 50",  # 2
    "Aucune",  # 0 -> SINS 7
    "D1",  # Frankel D1 -> Tokuhashi palsy incomplete (1), derived
    "Moyen",  # Karnofsky 50-70: 1
    "Un ou deux",  # 1
    "Deux",  # 1
    "Aucune",  # 2 (+ lung 0 + palsy 1) -> Tokuhashi 6
    "Aucune",  # Tomita (rapid 4, derived) + none 0
    "Multiples",  # + multiple 2 -> Tomita 6
    "Oui",  # symptomatic compression
    "Plus de 15 mois",  # Rades (SCLC 6, derived) + 8
    "Non",  # + 8
    "Ambulatoire avec aide",  # + 9
    "1 à 7 jours",  # + 4 -> Rades 35, group II
]


def assert_spine_summary(text: str) -> None:
    """The summary of the SCLC patient with compression: totals, group, cited sentences."""
    for expected in (
        "7/18",
        "6/15",
        "6/10",
        "35/44",
        "Groupe II",
        "SINS ≥ 7 : solliciter un avis chirurgical est recommandé.",
        "Tokuhashi et Tomita tombent dans des lignes différentes du tableau",
        "Score de Tokuhashi ≥ 6 : rempli.",
        "Score de Tomita ≤ 8 : rempli.",
        "30 Gy en 10 fractions, à débuter entre 15 jours et 3 semaines",
        "§3.8.5",
        "§3.5.3",
    ):
        assert expected in text, expected


async def test_spine_pathway_by_buttons_in_private(running: Running) -> None:
    """/rachis, one question message edited in place, then one summary message."""
    fake = running.fake
    fake.private_chat(60, "Dr S", "fr")
    await fake.send_text(60, 60, "/rachis")
    question = await fake.wait_for_bot_message(60, contains="Type de cancer primitif")
    await tap_all(fake, 60, 60, question.message_id, SPINE_SCLC_RADES_II[:1])
    # The answers derived from the primary are recapped at once, marked with their source.
    recap = fake.message(60, question.message_id).plain_text
    assert recap.count("(d'après : Cancer bronchique à petites cellules (CBPC))") == 2
    await tap_all(fake, 60, 60, question.message_id, SPINE_SCLC_RADES_II[1:])
    summary = await fake.wait_for_bot_message(
        60, contains="35/44", after_message_id=question.message_id
    )
    assert_spine_summary(summary.plain_text)
    await fake.wait_until_idle()
    assert fake.message(60, question.message_id).button_labels == []
    # Too long for one message with its record block: the block follows, whole, in two
    # numbered messages of their own (each a title and one <pre> to copy).
    question_, summary_, *records = fake.bot_messages(60)
    assert [question_.message_id, summary_.message_id] == [
        question.message_id,
        summary.message_id,
    ]
    assert [m.plain_text.split("\n", 1)[0] for m in records] == [
        "À copier dans le dossier (1/2) :",
        "À copier dans le dossier (2/2) :",
    ]
    assert all([e["type"] for e in m.entities] == ["pre"] for m in records)
    block = "\n".join(m.plain_text.split("\n", 1)[1] for m in records)
    assert block.startswith("Parcours rachis (métastase vertébrale) — synthèse\n")
    assert "Groupe II" in block
    assert "À copier dans le dossier" not in summary.plain_text
    running.assert_clean()


async def test_back_over_derived_answers_in_telegram(running: Running) -> None:
    """/back at Tomita's first question asked reopens Tokuhashi's visceral question, not the
    derived growth, palsy or primary; /back at Frankel reopens SINS' last question."""
    fake = running.fake
    fake.private_chat(61, "Dr B", "en")
    await fake.send_text(61, 61, "/spine")
    question = await fake.wait_for_bot_message(61, contains="Primary cancer")
    sins = ["Junctional", "Mechanical", "Lytic", "Normal alignment", "None of the above", "None"]
    await tap_all(fake, 61, 61, question.message_id, ["Non-small-cell", *sins])
    assert "Frankel grade" in fake.message(61, question.message_id).plain_text
    mark = fake.last_message_id(61)
    await fake.send_text(61, 61, "/back")
    reopened = await fake.wait_for_bot_message(61, after_message_id=mark)
    assert "Posterolateral involvement" in reopened.plain_text
    await tap_all(fake, 61, 61, reopened.message_id, ["None", "E —", "Good", "None", "Only one"])
    await tap_all(fake, 61, 61, reopened.message_id, ["None"])
    # Tokuhashi: 2 + 2 + 2 + 2 + lung 0 (derived) + palsy none 2 (derived from E) = 10.
    assert "Visceral metastases" in fake.message(61, reopened.message_id).plain_text
    mark = fake.last_message_id(61)
    await fake.send_text(61, 61, "/back")
    back = await fake.wait_for_bot_message(61, after_message_id=mark)
    assert "Metastases to major internal organs" in back.plain_text
    await tap_all(fake, 61, 61, back.message_id, ["None", "None", "Solitary", "No"])
    # Tomita: rapid 4 (derived) + none 0 + solitary 1 = 5.
    summary = await fake.wait_for_bot_message(61, contains="5/10", after_message_id=back.message_id)
    assert "10/15" in summary.plain_text
    assert "8/18" in summary.plain_text
    assert "Tokuhashi and Tomita fall in different rows of the table" in summary.plain_text
    running.assert_clean()


async def test_long_bone_pathway_in_a_group_continued_in_private(running: Running) -> None:
    """/os_long in a group: one answer there, the rest in private through the signed link;
    only the summary is posted back to the group."""
    fake = running.fake
    group = -1005550001
    group_with_member(fake, group, 62)
    await fake.send_text(group, 62, f"/os_long@{BOT_USERNAME}")
    question = await fake.wait_for_bot_message(group, contains="Fracture pathologique")
    await tap_all(fake, group, 62, question.message_id, ["Oui"])
    current: StoredMessage = fake.message(group, question.message_id)
    assert "Siège de la lésion" in current.plain_text
    link = next(b["url"] for b in current.buttons if b.get("url"))
    payload = link.split("start=", 1)[1]
    group_mark = fake.last_message_id(group)
    await fake.send_text(62, 62, f"/start {payload}")
    private = await fake.wait_for_bot_message(62, contains="Siège de la lésion")
    await tap_all(fake, 62, 62, private.message_id, ["Bassin ou fémur proximal", "Plus de 6 mois"])
    mine = await fake.wait_for_bot_message(
        62, contains="vissage percutané", after_message_id=private.message_id
    )
    posted = await fake.wait_for_bot_message(
        group, contains="vissage percutané", after_message_id=group_mark
    )
    for text in (mine.plain_text, posted.plain_text):
        assert "le score de Mirels n'est pas calculé" in text
        assert "« lésions lytiques avec fracture pathologique du bassin et/ou du fémur " in text
        assert "radiothérapie post-opératoire sur l'ensemble de la pièce osseuse" in text
        assert "§3.6.2" in text
    await fake.wait_until_idle()
    # Too long for one message with its record block: the block follows the posted
    # summary in the group too, as a reply to it.
    after = [m for m in fake.bot_messages(group) if m.message_id > group_mark]
    assert [m.message_id for m in after[:1]] == [posted.message_id]
    assert len(after) == 2
    assert after[1].plain_text.startswith("À copier dans le dossier :\n")
    assert after[1].reply_to is not None
    assert after[1].reply_to.message_id == posted.message_id
    running.assert_clean()


async def test_long_bone_pathway_survives_a_restart_of_the_process(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    """Buttons of /os_long started before SIGTERM keep working in a new process, Mirels
    included, and the summary has every answer."""
    data_dir = data_dir_in(tmp_path)
    fake.private_chat(63, "Dr R", "en")
    # No fracture; Mirels lower limb 2 + > 2/3 3 + lytic 3 + moderate 2 = 10 (high);
    # femoral head or neck; over 6 months up to 1 year.
    before = ["No", "Lower limb", "More than 2/3"]
    after = ["Lytic", "Moderate", "Femoral head or neck", "Over 6 months"]
    async with bonemet_run(fake, data_dir, "first") as first:
        await fake.send_text(63, 63, "/long_bone")
        question = await fake.wait_for_bot_message(
            63, contains="Pathological fracture present?", timeout=STARTUP
        )
        await tap_all(fake, 63, 63, question.message_id, before)
        await fake.wait_until_idle()
        assert "5 points" in fake.message(63, question.message_id).plain_text
        code = await first.terminate()
        assert_clean_exit(code, first.stderr, before)

    async with bonemet_run(fake, data_dir, "second") as second:
        await tap_all(fake, 63, 63, question.message_id, after, timeout=STARTUP)
        summary = await fake.wait_for_bot_message(
            63, contains="10/12", after_message_id=question.message_id
        )
        await fake.wait_until_idle()
        code = await second.terminate()
        assert_clean_exit(code, second.stderr, before + after)

    text = summary.plain_text
    assert "Femoral head or neck, life expectancy over 6 months: arthroplasty" in text
    assert "Life expectancy between 6 weeks and 1 year: less aggressive osteosynthesis" in text
    assert "Cementoplasty is not for pre-fracture lesions of weight-bearing long bones." in text
    for answer in ("Lower limb", "More than 2/3 of the cortex", "Lytic", "Moderate"):
        assert answer in text
    assert [m.message_id for m in fake.bot_messages(63)] == [
        question.message_id,
        summary.message_id,
    ]
    assert_fake_clean(fake)


async def test_pathways_in_the_command_menu(running: Running) -> None:
    """The command menu offers both pathways and their aliases, private and groups, both
    languages."""
    fake = running.fake
    for scope in ({"type": "all_private_chats"}, {"type": "all_group_chats"}):
        for language in ("", "fr"):
            names = [c["command"] for c in fake.commands_for(scope, language)]
            for command in ("rachis", "spine", "os_long", "long_bone"):
                assert command in names


async def test_changing_the_last_answer_after_a_summary(running: Running) -> None:
    """The summary's "change the last answer" button reopens the life expectancy; another
    band gives another summary (under 6 weeks: no benefit from surgery)."""
    fake = running.fake
    fake.private_chat(64, "Dr C", "en")
    await fake.send_text(64, 64, "/os_long")
    question = await fake.wait_for_bot_message(64, contains="Pathological fracture present?")
    await tap_all(fake, 64, 64, question.message_id, ["Yes", "Diaphysis", "Over 1 year"])
    first = await fake.wait_for_bot_message(
        64, contains="resection-reconstruction", after_message_id=question.message_id
    )
    assert "intramedullary nailing or a locked plate" in first.plain_text
    button = next(label for label in first.button_labels if label.startswith("◀"))
    query = await fake.press_button(64, 64, first.message_id, button)
    await fake.wait_for_answer(query)
    reopened = await fake.wait_for_bot_message(
        64, contains="Life expectancy as estimated by the team", after_message_id=first.message_id
    )
    await tap_all(fake, 64, 64, reopened.message_id, ["Under 6 weeks"])
    second = await fake.wait_for_bot_message(
        64, contains="no benefit from surgery", after_message_id=reopened.message_id
    )
    text = second.plain_text
    assert "Schedules: 30 Gy in 10 fractions; 24 Gy in 6 fractions" in text
    assert "intramedullary nailing" not in text
    assert "post-operative radiotherapy" not in text
    assert "resection-reconstruction" not in fake.message(64, first.message_id).plain_text
    running.assert_clean()


async def test_a_pathway_in_a_group_belongs_to_its_member(running: Running) -> None:
    """Another member tapping a pathway's buttons in a group gets an alert; nothing changes."""
    fake = running.fake
    group = -1005550002
    fake.group_chat(group, "RCP", members=())
    fake.add_member(group, 65, "Dr A", "fr")
    fake.add_member(group, 66, "Dr B", "fr")
    await fake.send_text(group, 65, f"/rachis@{BOT_USERNAME}")
    question = await fake.wait_for_bot_message(group, contains="Type de cancer primitif")
    query = await fake.press_button(group, 66, question.message_id, option("Autre primitif"))
    answer = await fake.wait_for_answer(query)
    assert answer is not None
    assert answer.show_alert
    assert fake.message(group, question.message_id).edit_count == 0
    await tap_all(fake, group, 65, question.message_id, ["Autre primitif"])
    assert "Localisation" in fake.message(group, question.message_id).plain_text
    running.assert_clean()
