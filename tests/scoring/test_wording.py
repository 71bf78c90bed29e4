"""The clinical wording of the six scores, as a second clinical reading settled it (issue 11).

Every expected text here is typed from the issue, the guideline (§3.5.2-§3.8.5) and
shared/CLINICAL.md, never copied from the score modules: a label, hint or note that
drifts back to a misreadable form fails here.
"""

from __future__ import annotations

import re

import pytest

from scoring import LANGS, SCORES, Lang, Score, Text, get_score


def _option_label(score_id: str, item_id: str, option_id: str) -> Text:
    item = get_score(score_id).item(item_id)
    assert item is not None
    option = item.option(option_id)
    assert option is not None
    return option.label


def _hint(score_id: str, item_id: str) -> Text:
    item = get_score(score_id).item(item_id)
    assert item is not None
    assert item.hint is not None
    return item.hint


def _texts(score: Score, lang: Lang) -> list[str]:
    """Every clinical text of a score in one language."""
    texts = [score.title(lang), score.purpose(lang)]
    for item in score.items:
        texts.append(item.prompt(lang))
        if item.hint is not None:
            texts.append(item.hint(lang))
        for option in item.options:
            texts.append(option.label(lang))
            if option.detail is not None:
                texts.append(option.detail(lang))
    for stratum in score.strata:
        texts += [stratum.label(lang), stratum.action(lang)]
    for note in (score.note, score.record_note):
        if note is not None:
            texts.append(note(lang))
    return texts


# -- 1. Mirels pain: functional, not intensity ---------------------------------------------


def test_mirels_pain_hint_defines_functional_pain() -> None:
    """Mirels 1989's 3-point pain is brought on or worsened by use or weight bearing."""
    hint = _hint("mirels", "pain")
    assert hint.fr.startswith(
        "Fonctionnelle : douleur déclenchée ou aggravée par l'usage du membre ou la mise en "
        "charge (Mirels 1989)"
    )
    assert hint.en.startswith(
        "Functional: pain brought on or made worse by using the limb or bearing weight "
        "(Mirels 1989)"
    )


def test_mirels_pain_labels_are_kept() -> None:
    """The guideline's label stays; only the hint defines it."""
    label = _option_label("mirels", "pain", "functional")
    assert (label.fr, label.en) == ("Handicapante", "Functional (limiting)")


# -- 2. Rades: onset of the motor deficit --------------------------------------------------


def test_rades_deficit_onset_is_defined() -> None:
    """The hint says what the interval measures and that the score needs a motor deficit."""
    hint = _hint("rades", "deficit_onset")
    assert (
        "Temps entre l'apparition des premiers signes moteurs et le début de la radiothérapie"
        in hint.fr
    )
    assert "Time from the first motor symptoms to the start of radiotherapy" in hint.en
    assert "patients ayant un déficit moteur" in hint.fr
    assert "patients with a motor deficit" in hint.en
    # The numbers are still positions.
    assert "pas par un nombre de jours" in hint.fr
    assert "not a number of days" in hint.en


# -- 3. Tokuhashi: the guideline's caveat at full strength ---------------------------------


def test_tokuhashi_note_keeps_the_guidelines_caveat() -> None:
    """§3.8.3: no prognostic score is reliable enough to usefully inform the surgical
    discussion; the English no longer softens it with "on its own"."""
    note = get_score("tokuhashi").note
    assert note is not None
    assert "on its own" not in note.en
    assert (
        "No prognostic score, even revised, is reliable enough in estimating remaining "
        "survival to usefully inform the surgical discussion (§3.8.3)." in note.en
    )
    assert (
        "Aucun score pronostique, même révisé, ne se montre assez fiable dans l'évaluation "
        "de la survie restante pour alimenter de façon pertinente la discussion chirurgicale "
        "(§3.8.3)." in note.fr
    )


# -- 4. Every note has a short form for the record -----------------------------------------

# (score, French short form, English short form), typed from each score's caveat.
RECORD_NOTES = {
    "mirels": (
        "Taille : fraction de la corticale (référentiel) ; certaines sources : fraction du "
        "diamètre de l'os.",
        "Size: fraction of the cortex (guideline); some sources: fraction of the bone's diameter.",
    ),
    "rades": (
        "Score établi chez des patients avec déficit moteur ; prédit la marche après "
        "radiothérapie.",
        "Score built in patients with a motor deficit; predicts walking after radiotherapy.",
    ),
    "frankel": (
        "D1-D3 : sous-grades du Frankel modifié (§3.8.2), pas de Frankel 1969.",
        "D1-D3: sub-grades of the modified Frankel classification (§3.8.2), not Frankel 1969.",
    ),
    "tokuhashi": (
        "Aucun score pronostique n'est assez fiable pour alimenter de façon pertinente la "
        "discussion chirurgicale (§3.8.3).",
        "No prognostic score is reliable enough to usefully inform the surgical discussion "
        "(§3.8.3).",
    ),
    "tomita": (
        "À confronter au score de Tokuhashi révisé (§3.8.5).",
        "To be weighed with the revised Tokuhashi score (§3.8.5).",
    ),
}


@pytest.mark.parametrize("score", SCORES, ids=lambda s: s.id)
def test_a_note_comes_with_its_short_form(score: Score) -> None:
    """A score with a note has a record note, shorter than the note, and only then."""
    assert (score.note is None) == (score.record_note is None)
    if score.note is not None and score.record_note is not None:
        for lang in LANGS:
            assert len(score.record_note(lang)) < len(score.note(lang))


def test_the_scores_with_a_caveat() -> None:
    """Every score but SINS carries a caveat to the record, in the words typed above."""
    noted = {
        s.id: (s.record_note.fr, s.record_note.en) for s in SCORES if s.record_note is not None
    }
    assert noted == RECORD_NOTES


# -- 5. Mirels: percutaneous fixation only where §3.6.2 gives it ----------------------------


def test_mirels_percutaneous_option_names_its_indication() -> None:
    """§3.6.2: lytic lesion, pathological fracture of the pelvis/proximal femur, Mirels > 8."""
    high = get_score("mirels").stratum("high").action
    assert high.fr == (
        "Chirurgie prophylactique. Option, seulement pour une lésion lytique avec fracture "
        "pathologique du bassin et/ou du fémur proximal (§3.6.2) : enclouage/vissage "
        "percutané ± cimentoplastie."
    )
    assert high.en == (
        "Prophylactic surgery. Option, only for a lytic lesion with a pathological fracture "
        "of the pelvis and/or proximal femur (§3.6.2): percutaneous nailing/screw fixation "
        "± cementoplasty."
    )


# -- 6. SINS collapse: CLINICAL.md decision 22 ---------------------------------------------


def test_sins_collapse_deviation_is_decision_22() -> None:
    """Exactly 50 % is scored 3 (decision 22), for the reason CLINICAL.md gives."""
    collapse = [d for d in get_score("sins").deviations if "50" in d.guideline]
    assert len(collapse) == 1
    assert collapse[0].decision == 22
    assert "leaves 50% without a row" in collapse[0].reason
    assert "safer error" in collapse[0].reason
    assert "writes ≥ 50" not in collapse[0].reason


# -- 7. Frankel: the same grade in both languages; D1-D3 are the modified scale's ------------


def test_frankel_b_and_d3_say_the_same_in_both_languages() -> None:
    """B: sensation (partly) preserved; D3: without a walking aid (not "appareillage")."""
    b = _option_label("frankel", "grade", "B")
    d3 = _option_label("frankel", "grade", "D3")
    assert b.fr == "B — Déficit moteur complet, sensibilité (en partie) préservée"
    assert b.en == "B — Complete motor loss, some sensation preserved"
    assert d3.fr == "D3 — Déambulation avec signes neurologiques, sans aide technique"
    assert d3.en == "D3 — Walks with neurological signs, without aid"
    assert not any("appareillage" in text for text in _texts(get_score("frankel"), "fr"))


def test_frankel_note_says_d1_d3_are_the_modified_classifications() -> None:
    """D1-D3 come from the modified classification (§3.8.2), not from Frankel 1969."""
    note = get_score("frankel").note
    assert note is not None
    assert "classification de Frankel modifiée" in note.fr
    assert "modified Frankel classification" in note.en
    for lang in LANGS:
        assert "D1" in note(lang)
        assert "D3" in note(lang)
        assert "§3.8.2" in note(lang)
        assert "Frankel 1969" in note(lang)


# -- 8. Tomita 8-10: supportive care in both languages -------------------------------------


def test_tomita_supportive_stratum_is_the_same_concept() -> None:
    """Tomita 8-10 is "soins de support" / "supportive care" (the guideline's word)."""
    stratum = get_score("tomita").stratum("supportive")
    assert stratum.label.fr == "Objectif : soins de support (palliatifs)"
    assert stratum.label.en == "Goal: supportive (palliative) care"
    assert stratum.action.en == "Supportive care."
    assert not any("terminal" in text.lower() for text in _texts(get_score("tomita"), "en"))


# -- 9. Rades: the guideline's dose wording; ambulatory status after radiotherapy ------------


def test_rades_group_1_keeps_usually_recommended() -> None:
    """§3.5.3: "dose proposée (ou habituellement recommandée) de 8 Gy en 1 fraction"."""
    action = get_score("rades").stratum("group_1").action
    assert "Dose proposée (ou habituellement recommandée) : 8 Gy en 1 fraction." in action.fr
    assert "Proposed (or usually recommended) dose: 8 Gy in 1 fraction." in action.en


def test_rades_speaks_of_ambulatory_status_after_radiotherapy() -> None:
    """Group I patients are not walking before radiotherapy: no "maintien" (keeping)."""
    rades = get_score("rades")
    assert rades.purpose.fr.startswith("Statut ambulatoire (marche) après radiothérapie")
    assert rades.purpose.en.startswith("Ambulatory status after radiotherapy")
    labels = {s.id: (s.label.fr, s.label.en) for s in rades.strata}
    assert labels == {
        "group_1": (
            "Groupe I : faible taux de statut ambulatoire (marche) après radiothérapie",
            "Group I: low rate of ambulatory status after radiotherapy",
        ),
        "group_2": (
            "Groupe II : taux intermédiaire de statut ambulatoire (marche) après radiothérapie",
            "Group II: intermediate rate of ambulatory status after radiotherapy",
        ),
        "group_3": (
            "Groupe III : fort taux de statut ambulatoire (marche) après radiothérapie",
            "Group III: high rate of ambulatory status after radiotherapy",
        ),
    }
    assert not any("maintien" in text for text in _texts(rades, "fr"))


# -- 10. One name for an unknown primary ----------------------------------------------------

UNKNOWN = {"fr": "primitif inconnu", "en": "unknown primary"}
UNKNOWN_WORDS = re.compile(r"inconnu|identifi|unknown|unidentified", re.IGNORECASE)


@pytest.mark.parametrize("lang", LANGS)
def test_unknown_primary_has_one_name(lang: Lang) -> None:
    """Rades, Tokuhashi and Tomita all say "primitif inconnu" / "unknown primary"."""
    found: set[str] = set()
    for score in SCORES:
        for item in score.items:
            for option in item.options:
                label = option.label(lang)
                if UNKNOWN_WORDS.search(label):
                    assert UNKNOWN[lang] in label.lower(), (score.id, label)
                    found.add(score.id)
    assert found == {"rades", "tokuhashi", "tomita"}
    assert _option_label("rades", "primary", "unknown_primary")(lang) == (
        "Primitif inconnu" if lang == "fr" else "Unknown primary"
    )


# -- 11. Tokuhashi English: resectable; palsy ------------------------------------------------


def test_tokuhashi_english_visceral_and_palsy() -> None:
    """English: "Unresectable / Resectable" as the French; "Palsy (neurological deficit)"."""
    assert _option_label("tokuhashi", "visceral_mets", "unresectable").en == "Unresectable"
    assert _option_label("tokuhashi", "visceral_mets", "resectable").en == "Resectable"
    palsy = get_score("tokuhashi").item("palsy")
    assert palsy is not None
    assert palsy.prompt.en == "Palsy (neurological deficit)"
    assert palsy.prompt.fr == "Déficit neurologique"


# -- 12. Mirels site 3: one zone ------------------------------------------------------------


def test_mirels_site_3_is_peritrochanteric_in_both_languages() -> None:
    """Site 3 is "Région péritrochantérienne" / "Peritrochanteric region"."""
    label = _option_label("mirels", "site", "trochanteric")
    assert (label.fr, label.en) == ("Région péritrochantérienne", "Peritrochanteric region")


# -- 13. SINS pain, 1 point: the "no" to mechanical pain -----------------------------------


def test_sins_one_point_pain_is_not_mechanical() -> None:
    """Fisher's 1-point row is any non-mechanical pain, constant included."""
    label = _option_label("sins", "pain", "occasional")
    assert (label.fr, label.en) == ("Non mécanique (occasionnelle)", "Not mechanical (occasional)")
    hint = _hint("sins", "pain")
    assert "même permanente" in hint.fr
    assert "even constant" in hint.en


# -- 14. One form for titles, one name for the meeting ---------------------------------------


def test_english_titles_have_one_form() -> None:
    """No possessive in any English title ("Mirels score", "Rades score", "Tomita score")."""
    titles = {s.id: s.title.en for s in SCORES}
    assert titles == {
        "mirels": "Mirels score",
        "rades": "Rades score",
        "sins": "SINS (Spinal Instability Neoplastic Score)",
        "frankel": "Frankel classification",
        "tokuhashi": "Revised Tokuhashi score",
        "tomita": "Tomita score",
    }
    assert not any("'" in title or "’" in title for title in titles.values())


def test_the_meeting_has_one_english_name() -> None:
    """Every English mention of the meeting is "multidisciplinary team meeting (RCP)"."""
    from dialogs.i18n import ui

    texts = [text for score in SCORES for text in _texts(score, "en")]
    texts += list(ui("en").values())
    mentions = [text for text in texts if re.search(r"meeting|multidisciplinary", text)]
    assert mentions  # Mirels 8, the disclaimers, the welcome
    for text in mentions:
        assert len(re.findall(r"meeting", text)) == len(
            re.findall(r"multidisciplinary team meeting \(RCP\)", text)
        ), text
    mirels_8 = get_score("mirels").stratum("borderline").action.en
    assert mirels_8 == "Discuss at the multidisciplinary team meeting (RCP)."


# -- 15. The §3.8.5 criterion left out is declared wherever the list is quoted -----------------


@pytest.mark.parametrize("score_id", ["tokuhashi", "tomita"])
def test_omitted_functional_outcome_criterion_is_declared(score_id: str) -> None:
    """Both notes quote §3.8.5's list without "pas d'atteinte locale extra-cérébrale", and
    both scores declare the omission, once and the same."""
    score = get_score(score_id)
    assert score.note is not None
    assert "Meilleur pronostic fonctionnel après chirurgie (§3.8.5)" in score.note.fr
    assert "Better functional outcome after surgery (§3.8.5)" in score.note.en
    assert "extra-cérébrale" not in score.note.fr
    declared = [d for d in score.deviations if "extra-cérébrale" in d.guideline]
    assert len(declared) == 1
    assert declared[0].decision is None
    other = get_score("tomita" if score_id == "tokuhashi" else "tokuhashi")
    assert declared[0] in other.deviations


# -- 13. A pathway's recap never shows two answers under one label ---------------------------


def test_spine_primary_gate_and_tokuhashi_primary_are_told_apart() -> None:
    """The spine pathway asks the type of primary once (its gate) and derives Tokuhashi's
    item from it: the recap lists both, so they must not share a label. Tokuhashi's keeps
    the guideline's own heading (§3.8.3 table: "Cancer primitif")."""
    from scoring.pathways.spine import PRIMARY

    tokuhashi = get_score("tokuhashi").item("primary")
    assert tokuhashi is not None
    assert tokuhashi.prompt.fr == "Cancer primitif"
    assert tokuhashi.prompt.en == "Primary site of the cancer"
    assert PRIMARY.prompt.fr == "Type de cancer primitif"
    assert PRIMARY.prompt.en == "Primary cancer"


@pytest.mark.parametrize("lang", LANGS)
def test_every_pathway_labels_its_questions_apart(lang: Lang) -> None:
    """Within a pathway or an aid (own questions and included scores' items alike), no two
    questions share a prompt: the recap and the record list the answers by prompt."""
    from scoring import PATHWAYS

    for pathway in PATHWAYS:
        prompts = [q.item.prompt(lang) for q in pathway.questions()]
        repeated = sorted({p for p in prompts if prompts.count(p) > 1})
        assert repeated == [], (pathway.id, repeated)
