"""End to end in the console: the four decision aids of issue 8 through `bonemet chat`.

Each dialogue is typed as a clinician would (option numbers, numbers with or without
their unit, the compute word, box numbers) and the expected doses, clearances and
sentences are typed by hand from the guideline and CLINICAL.md decisions 17-18.
"""

from __future__ import annotations

from tests.dialogs.test_console import chat, lines


def test_antiresorptive_compute_path_in_french() -> None:
    """« calculer », then a woman of 70 y, 65 kg, creatinine 79 µmol/L: 60.1 mL/min, 4.0 mg."""
    script = lines("/antiresorptif", "1", "calculer", "70", "65 kg", "1", "1", "79")
    done = chat(script)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    # The clearance question offers the compute word; the path then asks its five inputs.
    assert "Ou tapez « calculer » : Calculer (Cockcroft-Gault)." in out
    for prompt in (
        "Âge, en années ?",
        "Poids actuel, en kg ?",
        "Sexe ?",
        "Unité de la créatinine sérique ?",
        "Créatinine sérique ?",
    ):
        assert prompt in out
    # 70 x 65 = 4550; 79 / 88.4 = 0.89367; 4550 / (72 x 0.89367) = 70.714; x 0.85 = 60.107
    assert "60,1 mL/min" in out
    assert "(140 − âge) × poids réel (kg) / (72 × créatinine en mg/dL)" in out
    assert "Dose : 4,0 mg (clairance > 60 mL/min)." in out
    assert "120 mg par voie sous-cutanée toutes les 4 semaines" in out
    assert "Au moins 2 ans, puis réévaluation au cas par cas." in out
    assert "non recommandé" not in out


def test_antiresorptive_compute_path_in_mg_dl_in_english() -> None:
    """'compute', a man of 60 y, 72 kg, creatinine 1.0 mg/dL: 80.0 mL/min, 4.0 mg."""
    script = lines("/antiresorptive", "1", "compute", "60", "72", "2", "2", "1.0 mg/dl")
    done = chat(script, "--lang", "en")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Or type 'compute': Compute it (Cockcroft-Gault)." in out
    # 80 x 72 / (72 x 1.0) = 80.0
    assert "80.0 mL/min" in out
    assert "Dose: 4.0 mg (clearance > 60 mL/min)." in out


def in_order(out: str, *needles: str) -> None:
    """Each needle appears in `out`, each after the one before it."""
    at = 0
    for needle in needles:
        found = out.find(needle, at)
        assert found >= 0, f"{needle!r} not found after position {at}"
        at = found + len(needle)


def test_antiresorptive_typed_clearances_and_refusals() -> None:
    """Typed values are banded as decision 18 writes; refused ones re-ask with one line."""
    script = lines(
        "/antiresorptive",
        "1",
        "300",  # out of range
        "38.55",  # too many decimals
        "45 mg/dl",  # another unit: never converted
        "45 ml/min",  # 40 to under 50: 3.3 mg
        "/antiresorptive",
        "1",
        "1",  # a bare number is the clearance (1 mL/min), never the option
        "/antiresorptive",
        "1",
        "60",  # 50 to 60 inclusive: 3.5 mg
        "/antiresorptive",
        "2",  # life expectancy of 3 months or less
    )
    done = chat(script, "--lang", "en")
    assert done.returncode == 0, done.stderr
    in_order(
        done.stdout,
        "Out of range: expected a clearance in mL/min between 1 and 250, up to 1 decimal.",
        "Too many decimals: expected a clearance in mL/min between 1 and 250",
        "Unit not accepted (no conversion): expected a clearance in mL/min",
        "Dose: 3.3 mg (clearance 40 to under 50 mL/min).",
        "Creatinine clearance (Cockcroft-Gault), in mL/min?: 45 mL/min",
        "Clearance < 30 mL/min: zoledronic acid not recommended (contraindicated per the "
        "guideline).",
        "Clearance < 30 mL/min: higher risk of hypocalcaemia (product label); monitor calcium.",
        "Creatinine clearance (Cockcroft-Gault), in mL/min?: 1 mL/min",
        "Dose: 3.5 mg (clearance 50 to 60 mL/min inclusive).",
        "No anti-resorptive treatment to start",
        "Life expectancy of 3 months or less: the guideline starts an anti-resorptive "
        "treatment only when life expectancy is over 3 months.",
    )


def test_antiresorptive_back_over_the_skipped_inputs() -> None:
    """After « calculer », /back reopens the clearance; a typed value then skips the inputs."""
    script = lines("/antiresorptif", "1", "calculer", "/back", "35")
    done = chat(script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    result = out.split("Traitement anti-résorptif osseux — synthèse", 1)[1]
    assert "Dose : 3,0 mg (clairance de 30 à moins de 40 mL/min)." in result
    assert "Âge, en années ?" not in result  # not asked, not in the answers
    assert "Valeurs calculées" not in result


def test_antiresorptive_unit_decides_the_creatinine_range() -> None:
    """In mg/dL, 79 is out of range (0.17 to 22.6), never read as µmol/L."""
    script = lines("/antiresorptif", "1", "calculer", "80", "60", "2", "2", "79", "2,0")
    done = chat(script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert (
        "Hors des limites : attendu une créatinine en mg/dL entre 0,17 et 22,6, "
        "2 décimales au plus." in out
    )
    # 60 x 60 / (72 x 2.0) = 25.0: not recommended, denosumab with the calcium caution
    assert "25,0 mL/min" in out
    assert "acide zolédronique non recommandé" in out
    assert "risque accru d'hypocalcémie" in out


def test_sbrt_checklists_in_the_console() -> None:
    """Box numbers, `all`/`tout` and `0`: candidate, then not a candidate with the reasons."""
    script = lines("/sbrt", "tout", "0", "/sbrt", "1,2", "2 6")
    done = chat(script)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Indication rare, à valider en RCP." in out
    assert "Critère non réuni : pas de localisation secondaire viscérale." in out
    assert "Critère non réuni : situation carcinologique stabilisée." in out
    assert (
        "Contre-indication : instabilité vertébrale (à évaluer avec le score SINS : /sins)." in out
    )
    assert "Contre-indication : rétrécissement du canal médullaire ≥ 25 %." in out
    assert out.count("Un traitement normofractionné étalé peut être proposé") >= 2


def test_pain_radiotherapy_both_settings_in_english() -> None:
    """For pain within the indication: the four schedules; after surgery: 30 Gy/10."""
    script = lines("/rt_pain", "1", "1", "/rt_douleur", "2", "/rt_pain", "1", "2")
    done = chat(script, "--lang", "en")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for schedule in (
        "30 Gy in 10 fractions.",
        "24 Gy in 6 fractions.",
        "20 Gy in 5 fractions.",
        "8 Gy in a single fraction (acute side effects potentially severe, and late effects).",
    ):
        assert schedule in out
    assert "Palliative aim; the effect expected lasts 3 to 6 months." in out
    assert "To start between 15 days and 3 weeks after the operation, on healed skin." in out
    assert "Schedule usually recommended: 30 Gy in 10 fractions." in out
    assert "Outside the indication of radiotherapy for pain" in out


def test_cementoplasty_in_the_console() -> None:
    """One indication and nothing against: discuss at the RCP; none at all: not a candidate."""
    script = lines("/cimentoplastie", "1", "0", "none", "/cementoplasty", "0", "2", "1 2")
    done = chat(script, "--lang", "en")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "To discuss with the interventional radiologists at the RCP" in out
    assert "Before the procedure: coagulation tests" in out
    assert "None of the main indications." in out
    assert "Contraindication: sepsis of unknown origin and/or uncontrolled." in out
    assert "percutaneous ablation is preferable (§3.6.3)" in out


def test_help_lists_the_aids_with_their_aliases() -> None:
    """/help lists each aid with its French command and English alias."""
    done = chat("/help\n")
    assert done.returncode == 0
    for names in (
        "/antiresorptif /antiresorptive — ",
        "/rt_douleur /rt_pain — ",
        "/sbrt — ",
        "/cimentoplastie /cementoplasty — ",
    ):
        assert names in done.stdout
