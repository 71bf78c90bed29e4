"""Tests of dialogs.session and Engine.load: sessions as versioned JSON any process can resume."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from dialogs.engine import Engine, NoticeKind
from dialogs.session import SESSION_SCHEMA, Session
from scoring import SCORES, Lang
from tests.dialogs._clinical import MAX_PATH, MIN_PATH, SUMMED, score, session_of, walk_positions

ROOT = Path(__file__).resolve().parents[2]


def mirels_json(**changes: object) -> str:
    """A valid stored Mirels session at question 3, with some fields replaced."""
    data: dict[str, object] = {
        "schema_version": SESSION_SCHEMA,
        "dialogue_id": "abc123",
        "score": "mirels",
        "score_version": score("mirels").version,
        "lang": "fr",
        "state": "ask_lesion",
        "answers": [
            {"item": "site", "option": "trochanteric"},
            {"item": "size", "option": "over_two_thirds"},
        ],
    }
    data.update(changes)
    return json.dumps(data)


def test_valid_stored_session_loads() -> None:
    """The reference stored session used below loads at question 3 (so the bad variants are bad)."""
    step = Engine().load(mirels_json())
    assert step.notice is None
    assert step.question is not None
    assert step.question.index == 3
    assert step.question.running_total == 6


@pytest.mark.parametrize("score_id", SUMMED)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_saved_and_restored_by_a_fresh_engine_gives_the_same_result(
    score_id: str, lang: Lang
) -> None:
    """A session saved mid-dialogue and resumed by a fresh Engine ends with the same result."""
    path = MAX_PATH[score_id]
    straight = walk_positions(Engine(), score_id, path, lang)
    half = len(path) // 2
    saved = session_of(walk_positions(Engine(), score_id, path[:half], lang)).to_json()
    assert isinstance(json.loads(saved), dict)
    step = Engine().load(saved)
    assert step.notice is None
    assert step.question is not None
    assert step.question.index == half + 1
    for position in path[half:]:
        step = Engine().load(session_of(step).to_json())  # a new process at every message
        step = Engine().answer_text(session_of(step), str(position))
    assert step.result is not None
    assert step.result == straight.result


def test_json_round_trip_is_exact() -> None:
    """to_json / from_json give back an equal session, dialogue id and answers included."""
    session = session_of(walk_positions(Engine(), "sins", (1, 2, 3), "en"))
    again = Session.from_json(session.to_json())
    assert again == session
    assert again.dialogue_id == session.dialogue_id
    assert again.answers == session.answers


def test_restored_in_another_process_gives_the_same_result(tmp_path: Path) -> None:
    """A session finished in a separate Python process gives the result of an uninterrupted run."""
    engine = Engine()
    jobs = {}
    for score_id in SUMMED:
        for name, path in (("min", MIN_PATH[score_id]), ("max", MAX_PATH[score_id])):
            half = len(path) // 2
            saved = session_of(walk_positions(engine, score_id, path[:half], "fr")).to_json()
            jobs[f"{score_id}-{name}"] = {"session": saved, "rest": list(path[half:])}
    (tmp_path / "jobs.json").write_text(json.dumps(jobs), encoding="utf-8")
    code = textwrap.dedent(
        """
        import json, sys
        from dialogs.engine import Engine
        jobs = json.load(open(sys.argv[1], encoding="utf-8"))
        out = {}
        for key, job in jobs.items():
            step = Engine().load(job["session"])
            for position in job["rest"]:
                step = Engine().answer_text(step.session, str(position))
            out[key] = {"session": step.session.to_json(), "result": step.result.model_dump_json()}
        print(json.dumps(out))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "jobs.json")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=60,
    )
    finished = json.loads(done.stdout)
    assert set(finished) == set(jobs)
    for score_id in SUMMED:
        for name, path in (("min", MIN_PATH[score_id]), ("max", MAX_PATH[score_id])):
            straight = walk_positions(engine, score_id, path, "fr")
            remote = finished[f"{score_id}-{name}"]
            assert straight.result is not None
            assert json.loads(remote["result"]) == json.loads(straight.result.model_dump_json())
            remote_session = Session.from_json(remote["session"])
            assert remote_session.answers == session_of(straight).answers
            # the dialogue id survives the trip through the other process
            sent = Session.from_json(jobs[f"{score_id}-{name}"]["session"])
            assert remote_session.dialogue_id == sent.dialogue_id


@pytest.mark.parametrize("answered", [0, 2, 4])
def test_older_score_version_restarts_with_score_updated(answered: int) -> None:
    """A session saved with an older score version restarts at question 1 with SCORE_UPDATED."""
    current = score("mirels")
    newer = current.model_copy(update={"version": current.version + 1})
    old_engine = Engine()
    saved = session_of(walk_positions(old_engine, "mirels", (3, 3, 3, 3)[:answered], "en"))
    assert saved.score_version == current.version
    new_engine = Engine((newer, *(s for s in SCORES if s.id != "mirels")))
    step = new_engine.load(saved.to_json())
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.SCORE_UPDATED
    restarted = session_of(step)
    assert restarted.answers == ()
    assert restarted.score_version == newer.version
    assert restarted.lang == "en"
    assert step.question is not None
    assert step.question.index == 1
    assert step.result is None


def test_older_score_version_in_stored_json_restarts() -> None:
    """A stored JSON record with score_version below the catalogue's is restarted, not scored."""
    step = Engine().load(mirels_json(score_version=score("mirels").version - 1))
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.SCORE_UPDATED
    assert session_of(step).answers == ()
    assert step.question is not None
    assert step.question.index == 1


def test_finished_session_of_an_older_version_is_not_rescored() -> None:
    """A finished dialogue saved under an older version gives no result, only a restart."""
    done = session_of(walk_positions(Engine(), "tomita", (3, 3, 2), "fr"))
    data = json.loads(done.to_json())
    data["score_version"] = 0
    step = Engine().load(json.dumps(data))
    assert step.result is None
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.SCORE_UPDATED


UNREADABLE = {
    "empty string": "",
    "not json": "{",
    "json null": "null",
    "json list": "[]",
    "json number": "42",
    "empty object": "{}",
    "binary junk": "\x00\xff\ufffd",
    "unknown score": mirels_json(score="karnofsky"),
    "score id with other case": mirels_json(score="MIRELS"),
    "future schema": mirels_json(schema_version=SESSION_SCHEMA + 1),
    "unknown language": mirels_json(lang="de"),
    "extra field": mirels_json(total=12),
    "bad dialogue id": mirels_json(dialogue_id="<script>"),
    "state of another score": mirels_json(state="ask_growth"),
    "unknown state": mirels_json(state="ask_nothing"),
    "state behind the answers": mirels_json(state="ask_size"),
    "state ahead of the answers": mirels_json(state="ask_pain"),
    "result with missing answers": mirels_json(state="result"),
    "answers in the wrong order": mirels_json(
        answers=[
            {"item": "size", "option": "over_two_thirds"},
            {"item": "site", "option": "trochanteric"},
        ]
    ),
    "same item twice": mirels_json(
        answers=[
            {"item": "site", "option": "trochanteric"},
            {"item": "site", "option": "upper_limb"},
        ]
    ),
    "unknown option id": mirels_json(
        answers=[
            {"item": "site", "option": "skull"},
            {"item": "size", "option": "over_two_thirds"},
        ]
    ),
    "option given as a position": mirels_json(
        answers=[
            {"item": "site", "option": "3"},
            {"item": "size", "option": "3"},
        ]
    ),
    "option of another item": mirels_json(
        answers=[
            {"item": "site", "option": "lytic"},
            {"item": "size", "option": "over_two_thirds"},
        ]
    ),
    "unknown item": mirels_json(
        answers=[
            {"item": "site", "option": "trochanteric"},
            {"item": "weight", "option": "heavy"},
        ]
    ),
    "answers not a list": mirels_json(answers="site=3"),
    "answer missing its option": mirels_json(answers=[{"item": "site"}, {"item": "size"}]),
    "score version as text": mirels_json(score_version="one"),
}


@pytest.mark.parametrize("data", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_unreadable_session_is_dropped_without_exception(data: str) -> None:
    """Malformed JSON, an unknown score or an inconsistent state give SESSION_UNREADABLE."""
    step = Engine().load(data)
    assert step.session is None
    assert step.notice is not None
    assert step.notice.kind is NoticeKind.SESSION_UNREADABLE
    assert step.question is None
    assert step.result is None


def test_finished_session_loads_as_its_result() -> None:
    """A stored finished session loads as its result, equal to the one first shown."""
    done = walk_positions(Engine(), "rades", MIN_PATH["rades"], "fr")
    step = Engine().load(session_of(done).to_json())
    assert step.notice is None
    assert step.result == done.result
    assert step.result is not None
    assert step.result.total == 21
