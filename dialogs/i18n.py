"""The interface's own words (not clinical content), in French and English."""

from __future__ import annotations

from collections.abc import Sequence
from typing import get_args

from scoring import Lang
from scoring.base import FlowKind

__all__ = ["FlowKind", "join", "list_sep", "sep", "ui"]
# FlowKind (scoring.base): what a dialogue runs, as its catalogue entry declares it
# (`scoring.flow.Flow.kind`); the messages about a dialogue name it ("Parcours annulé").

_FR: dict[str, str] = {
    "progress": "Question {index}/{count}",
    "so_far": "{points} pour l'instant",
    "result": "résultat",
    "total": "Total",
    "grade": "Grade",
    "action": "Conduite à tenir",
    "sources": "Sources :",
    "disclaimer": (
        "Aide à la décision, à discuter en réunion de concertation pluridisciplinaire (RCP) ; "
        "ce n'est pas une prescription."
    ),
    "record_source": "Sources : référentiel Métastases osseuses des cancers bronchiques 2022, {section} ; {papers}.",
    "record_disclaimer": "Aide à la décision, à discuter en RCP ; pas une prescription.",
    "empty": "Réponse vide : tapez un numéro de 1 à {n}, ou le début d'une réponse.",
    "too_long": "Réponse trop longue : tapez un numéro de 1 à {n}, ou le début d'une réponse.",
    "out_of_range": "Il n'y a pas de réponse à ce numéro : tapez un numéro de 1 à {n}.",
    "no_match": (
        "Réponse non reconnue : tapez un numéro de 1 à {n}, ou le début d'une réponse "
        "(par exemple « {example} »)."
    ),
    "ambiguous": "Plusieurs réponses commencent ainsi ({numbers}) : tapez le numéro de la réponse voulue.",
    "stale": "Cette question n'est plus d'actualité : voici la question en cours.",
    "nothing_to_go_back": "Impossible de revenir en arrière : c'est la première question.",
    "cancelled": "Annulé. /help pour la liste.",
    "no_dialogue": "Aucun score, parcours ou aide en cours. Choisissez dans la liste : /help",
    "after_result": "Terminé. /help pour la liste, ou /back pour corriger la dernière réponse.",
    "score_updated": "Mis à jour depuis le début de votre saisie : on recommence à la question 1.",
    "session_unreadable": "Votre saisie précédente n'a pas pu être reprise. Choisissez dans la liste : /help",
    "restarted": "On recommence.",
    "reopened": "Dernière question rouverte.",
    "abandoned": "La saisie précédente, inachevée, a été abandonnée.",
    "closed": "Fermé ; le résultat reste valable. /help pour la liste.",
    "in_progress": "En cours : {title}, question {index}/{count}. Répondez à la question, ou /cancel.",
    "lang_unknown": "Langue inconnue : /lang fr ou /lang en.",
    "expired_none": "Ce bouton a expiré. /help pour la liste.",
    "foreign_own": "Ce message est la question d'un autre membre. Répondez au message de votre propre question en cours.",
    "unknown_command": "Commande inconnue. /help pour la liste des commandes.",
    "scores_title": "Scores disponibles",
    "commands": (
        "Pendant un score, un parcours ou une aide : répondez par le numéro ou le début de la réponse. "
        "/back question précédente, /restart recommencer, /cancel annuler, /lang en : English."
    ),
    "welcome_title": "bonemet — scores des métastases osseuses",
    "welcome": (
        "Calcule les scores du référentiel « Métastases osseuses des cancers bronchiques » "
        "(OncoBFC, NEON, ONCORIF, 2022), une question à la fois. C'est une aide à la décision "
        "à discuter en RCP, pas une prescription. Ne saisissez aucune donnée identifiante."
    ),
    "lang_set": "Langue : français.",
    "bye": "Au revoir.",
    "abandoned_message": "✖ {title} : abandonné (inachevé).",
    "console_quit": "Pour quitter : /quit ou Ctrl-D.",
    "cmd_start": "Présentation",
    "cmd_help": "Liste des scores",
    "cmd_back": "Question précédente",
    "cmd_restart": "Recommencer à la question 1",
    "cmd_cancel": "Annuler (score, parcours ou aide)",
    "cmd_lang": "Français / English",
    "cmd_forget": "Effacer mes données enregistrées",
    "btn_back": "◀ Retour",
    "btn_cancel": "✖ Annuler",
    "btn_private": "📱 Continuer en privé",
    "btn_reopen": "◀ Corriger la dernière réponse",
    "expired": "Cette question a expiré : répondez à la question en cours, ou /restart pour recommencer.",
    "foreign": "Ce message appartient à un autre membre du groupe. /help pour la liste.",
    "done": "✓ {title} : questionnaire complété, résultat ci-dessous.",
    "record_title": "À copier dans le dossier :",
    "compact_source": "Réf. MO CBP 2022 {section}",
    "inline_private": "Répondre pas à pas en privé",
    "inline_refused_title": "bonemet n'est pas ouvert pour vous",
    "inline_refused": "Ce bot n'est ouvert qu'aux personnes et groupes autorisés par son administrateur.",
    "inline_unknown_title": "Aucun score « {name} »",
    "inline_unknown": "Tapez le nom d'un score puis sa ligne ; scores, parcours et aides : {ids}.",
    "inline_error_title": "Non compris : « {token} »",
    "inline_incomplete_title": "{score} : {given} réponse(s) sur {count}",
    "inline_incomplete": "Complétez la ligne, ou répondez pas à pas en privé.",
    "line_too_long": "Ligne trop longue (200 caractères au plus) : « {token} ».",
    "line_not_a_number": "« {token} » n'est pas un nombre de points (chiffres 0-9) pour « {item} ». Valeurs : {accepted}.",
    "line_not_a_value": "« {token} » n'est pas une valeur de « {item} ». Valeurs : {accepted}.",
    "line_too_many": "{score} compte {expected} questions, la ligne donne {got} valeurs (en trop : « {token} ») : aucune n'est gardée.",
    "line_too_few": "{score} compte {expected} questions, la ligne donne {got} valeurs : il manque « {item} » ({accepted}) et la suite.",
    "line_unknown_item": "« {token} » : aucune question de ce nom. Questions : {accepted}.",
    "line_unknown_option": "« {token} » : pas une réponse de « {item} ». Réponses (numéro ou identifiant) : {accepted}.",
    "line_duplicate": "« {token} » : « {item} » est donnée deux fois ; elle sera reposée.",
    "line_mixed": "« {token} » : écrivez soit les points (3+3+…), soit question=réponse, pas les deux.",
    "line_syntax": "En une ligne : {points} (les points de chaque question, dans l'ordre du référentiel) ou {pairs} (question=réponse, identifiant ou numéro dans la liste).",
    "line_syntax_option": "En une ligne : {example} (la réponse : identifiant ou numéro dans la liste).",
    "line_continue": "Suite pas à pas à partir d'ici ; les autres réponses valides de la ligne sont gardées.",
    "oneline_help": "En une ligne : {points} (les points de chaque question, dans l'ordre ; une valeur partagée par plusieurs réponses les nomme toutes), {pairs} (question=réponse, identifiant ou numéro dans la liste){option}.",
    "btn_copy": "📋 Copier",
    "forgotten": "Tout ce qui était enregistré vous concernant (saisies en cours, langue) a été effacé.",
    "refused": "Ce bot n'est pas ouvert à cette conversation.",
    "error": "Une erreur est survenue. Votre saisie est conservée : renvoyez votre réponse, ou /restart.",
    "not_saved": "Votre réponse n'a pas pu être enregistrée (problème de stockage sur le serveur du bot). Réessayez dans un moment ; si cela persiste, prévenez l'administrateur du bot.",
    "reply_current": "Pour répondre, répondez au message de votre question en cours (ou touchez ses boutons).",
    "edited": "Modifier un message ne change pas la réponse enregistrée : /back pour corriger la dernière réponse.",
    "not_text": "Répondez par un numéro ou le début d'une réponse (texte uniquement).",
    "group_started": "Répondez ici : seul le résultat sera publié dans le groupe.",
    "withdrawn": "↩ {title} : résultat retiré (dernière réponse rouverte pour correction). Ne pas le reporter.",
    "only_group_scores": "Ici, le bot ne sert qu'à continuer ce qui a été lancé dans un groupe autorisé : lancez-le dans le groupe.",
    "group_ended_closed": "Plus en cours dans le groupe : relancez-le dans le groupe.",
    "continued_elsewhere": "La suite est dans votre conversation privée avec le bot.",
    "group_ended": "Plus en cours dans le groupe : nouvelle saisie ici, qui ne sera pas publiée dans le groupe.",
    "link_not_yours": "Ce lien est réservé au membre qui l'a reçu dans le groupe. /help pour la liste.",
    "continued_private": "➡ {title} : suite en privé ; seul le résultat sera publié ici.",
    "number_invalid": "Nombre non reconnu.",
    "number_expected": "Tapez {expected}.",
    "number_shortcut": "Ou tapez « {word} » : {label}.",
    "number_or_shortcut": "Ou tapez « {word} ».",
    "boxes_invalid": (
        "Réponse non reconnue : tapez les numéros des cases qui s'appliquent (1 à {n}, "
        "par exemple « 1 3 »), « tout », ou « 0 » pour aucune."
    ),
    "boxes_how": "Tapez les numéros des cases qui s'appliquent (« 1 3 »), « tout », ou « 0 » pour aucune.",
    "no_box": "aucune",
    "derived_from": "d'après",
    "btn_done": "✓ Valider",
    "pathways_title": "Parcours",
    "aids_title": "Aides à la décision",
    "summary": "synthèse",
    "summary_answers": "Réponses :",
    "summary_computed": "Valeurs calculées :",
    "computed_from": "d'après",
    "table_row": "◀ {scores}",
    "table_none": "{score} : total hors du tableau.",
}

_EN: dict[str, str] = {
    "progress": "Question {index}/{count}",
    "so_far": "{points} so far",
    "result": "result",
    "total": "Total",
    "grade": "Grade",
    "action": "Action",
    "sources": "Sources:",
    "disclaimer": (
        "A decision aid, to be discussed at the multidisciplinary team meeting (RCP); "
        "not a prescription."
    ),
    "record_source": "Sources: guideline 'Métastases osseuses des cancers bronchiques' 2022, {section}; {papers}.",
    "record_disclaimer": "A decision aid, to be discussed at the multidisciplinary team meeting (RCP); not a prescription.",
    "empty": "Empty answer: type a number from 1 to {n}, or the start of an answer.",
    "too_long": "Answer too long: type a number from 1 to {n}, or the start of an answer.",
    "out_of_range": "There is no answer with that number: type a number from 1 to {n}.",
    "no_match": (
        "Answer not recognised: type a number from 1 to {n}, or the start of an answer "
        "(for example '{example}')."
    ),
    "ambiguous": "Several answers start like that ({numbers}): type the number of the one you mean.",
    "stale": "That question has expired: here is the current one.",
    "nothing_to_go_back": "Nothing to go back to: this is the first question.",
    "cancelled": "Cancelled. /help for the list.",
    "no_dialogue": "No score, pathway or decision aid in progress. Pick one: /help",
    "after_result": "Finished. /help for the list, or /back to change the last answer.",
    "score_updated": "Updated since you started: starting again at question 1.",
    "session_unreadable": "Your previous answers could not be restored. Pick from the list: /help",
    "restarted": "Starting again.",
    "reopened": "Last question reopened.",
    "abandoned": "The previous, unfinished dialogue was abandoned.",
    "closed": "Closed; the result stands. /help for the list.",
    "in_progress": "In progress: {title}, question {index}/{count}. Answer it, or /cancel.",
    "lang_unknown": "Unknown language: /lang fr or /lang en.",
    "expired_none": "This button has expired. /help for the list.",
    "foreign_own": "That is another member's question. Reply to the message of your own current question.",
    "unknown_command": "Unknown command. /help lists the commands.",
    "scores_title": "Available scores",
    "commands": (
        "During a score, a pathway or a decision aid: answer with the number or the start of the answer. "
        "/back previous question, /restart start again, /cancel stop, /lang fr: français."
    ),
    "welcome_title": "bonemet — bone-metastasis scores",
    "welcome": (
        "Computes the scores of the French guideline 'Métastases osseuses des cancers "
        "bronchiques' (OncoBFC, NEON, ONCORIF, 2022), one question at a time. It is a "
        "decision aid to discuss at the multidisciplinary team meeting (RCP), not a prescription. "
        "Do not type anything that identifies a patient."
    ),
    "lang_set": "Language: English.",
    "bye": "Goodbye.",
    "abandoned_message": "✖ {title}: abandoned (unfinished).",
    "console_quit": "To leave: /quit or Ctrl-D.",
    "cmd_start": "What this bot is",
    "cmd_help": "List the scores",
    "cmd_back": "Previous question",
    "cmd_restart": "Start again at question 1",
    "cmd_cancel": "Cancel (score, pathway or aid)",
    "cmd_lang": "Français / English",
    "cmd_forget": "Delete what is stored about me",
    "btn_back": "◀ Back",
    "btn_cancel": "✖ Cancel",
    "btn_private": "📱 Continue in private",
    "btn_reopen": "◀ Change the last answer",
    "expired": "This question has expired: answer the current one, or /restart to start again.",
    "foreign": "This message belongs to another member of the group. /help for the list.",
    "done": "✓ {title}: all questions answered, result below.",
    "record_title": "To paste into the record:",
    "compact_source": "Ref. MO CBP 2022 {section}",
    "inline_private": "Answer step by step in private",
    "inline_refused_title": "bonemet is not open to you",
    "inline_refused": "This bot is open only to the people and groups its administrator allows.",
    "inline_unknown_title": "No score “{name}”",
    "inline_unknown": "Type a score's name then its line; scores, pathways and aids: {ids}.",
    "inline_error_title": "Not understood: “{token}”",
    "inline_incomplete_title": "{score}: {given} of {count} answers",
    "inline_incomplete": "Complete the line, or answer step by step in private.",
    "line_too_long": "Line too long (200 characters at most): “{token}”.",
    "line_not_a_number": "“{token}” is not a number of points (digits 0-9) for “{item}”. Values: {accepted}.",
    "line_not_a_value": "“{token}” is not a value of “{item}”. Values: {accepted}.",
    "line_too_many": "{score} has {expected} questions, the line gives {got} values (extra: “{token}”): none is kept.",
    "line_too_few": "{score} has {expected} questions, the line gives {got} values: “{item}” ({accepted}) and what follows are missing.",
    "line_unknown_item": "“{token}”: no question of that name. Questions: {accepted}.",
    "line_unknown_option": "“{token}”: not an answer of “{item}”. Answers (number or id): {accepted}.",
    "line_duplicate": "“{token}”: “{item}” is given twice; it will be asked again.",
    "line_mixed": "“{token}”: write either the points (3+3+…) or question=answer, not both.",
    "line_syntax": "In one line: {points} (the points of each question, in the guideline's order) or {pairs} (question=answer, id or number in the list).",
    "line_syntax_option": "In one line: {example} (the answer: id or number in the list).",
    "line_continue": "Step by step from here; the line's other valid answers are kept.",
    "oneline_help": "In one line: {points} (the points of each question, in order; a value shared by several answers names them all), {pairs} (question=answer, id or number in the list){option}.",
    "btn_copy": "📋 Copy",
    "forgotten": "Everything stored about you (dialogues in progress, language) has been deleted.",
    "refused": "This bot is not open to this chat.",
    "error": "Something went wrong. Your answers are kept: send your answer again, or /restart.",
    "not_saved": "Your answer could not be saved (a storage problem on the bot's server). Try again in a moment; if this persists, tell the bot's administrator.",
    "reply_current": "To answer, reply to the message of your current question (or tap its buttons).",
    "edited": "Editing a message does not change the recorded answer: /back to change the last answer.",
    "not_text": "Answer with a number or the start of an answer (text only).",
    "group_started": "Answer here: only the result will be posted in the group.",
    "withdrawn": "↩ {title}: result withdrawn (last answer reopened to be changed). Do not copy it.",
    "only_group_scores": "Here the bot only continues what was started in an allowed group: start it in the group.",
    "group_ended_closed": "No longer in progress in the group: start it again in the group.",
    "continued_elsewhere": "It continues in your private chat with the bot.",
    "group_ended": "No longer in progress in the group: a new one here, which will not be posted to the group.",
    "link_not_yours": "This link belongs to the member it was given to in the group. /help for the list.",
    "continued_private": "➡ {title}: continued in private; only the result will be posted here.",
    "number_invalid": "Number not recognised.",
    "number_expected": "Type {expected}.",
    "number_shortcut": "Or type '{word}': {label}.",
    "number_or_shortcut": "Or type '{word}'.",
    "boxes_invalid": (
        "Answer not recognised: type the numbers of the boxes that apply (1 to {n}, "
        "for example '1 3'), 'all', or '0' for none."
    ),
    "boxes_how": "Type the numbers of the boxes that apply ('1 3'), 'all', or '0' for none.",
    "no_box": "none",
    "derived_from": "from",
    "btn_done": "✓ Done",
    "pathways_title": "Pathways",
    "aids_title": "Decision aids",
    "summary": "summary",
    "summary_answers": "Answers:",
    "summary_computed": "Computed values:",
    "computed_from": "from",
    "table_row": "◀ {scores}",
    "table_none": "{score}: total outside the table.",
}

if set(_FR) != set(_EN):  # pragma: no cover - a definition error, caught at import
    raise ValueError(f"i18n keys differ: {sorted(set(_FR) ^ set(_EN))}")

# The messages about one dialogue, by the kind of what it runs: French agrees in gender
# ("un score", "un parcours", "une aide"). `_FR` and `_EN` hold the neutral form, used when
# the dialogue is not known (a forged button, an unreadable record).
_FR_BY_KIND: dict[str, dict[FlowKind, str]] = {
    "cancelled": {
        "score": "Score annulé. /help pour la liste.",
        "pathway": "Parcours annulé. /help pour la liste.",
        "aid": "Aide annulée. /help pour la liste.",
    },
    "after_result": {
        "score": "Ce score est terminé. /help pour la liste, ou /back pour corriger la dernière réponse.",
        "pathway": "Ce parcours est terminé. /help pour la liste, ou /back pour corriger la dernière réponse.",
        "aid": "Cette aide est terminée. /help pour la liste, ou /back pour corriger la dernière réponse.",
    },
    "score_updated": {
        "score": "Ce score a été mis à jour depuis le début de votre saisie : on recommence à la question 1.",
        "pathway": "Ce parcours a été mis à jour depuis le début de votre saisie : on recommence à la question 1.",
        "aid": "Cette aide a été mise à jour depuis le début de votre saisie : on recommence à la question 1.",
    },
    "abandoned": {
        "score": "Le score précédent, inachevé, a été abandonné.",
        "pathway": "Le parcours précédent, inachevé, a été abandonné.",
        "aid": "L'aide précédente, inachevée, a été abandonnée.",
    },
    "closed": {
        "score": "Score fermé ; son résultat reste valable. /help pour la liste.",
        "pathway": "Parcours fermé ; son résultat reste valable. /help pour la liste.",
        "aid": "Aide fermée ; son résultat reste valable. /help pour la liste.",
    },
    "expired_none": {
        "score": "Ce bouton a expiré. Lancez un score : /help",
        "pathway": "Ce bouton a expiré. Lancez un parcours : /help",
        "aid": "Ce bouton a expiré. Lancez une aide : /help",
    },
    "abandoned_message": {
        "score": "✖ {title} : score abandonné (inachevé).",
        "pathway": "✖ {title} : parcours abandonné (inachevé).",
        "aid": "✖ {title} : aide abandonnée (inachevée).",
    },
    "foreign": {
        "score": "Ce score est celui d'un autre membre du groupe. Lancez le vôtre : /help",
        "pathway": "Ce parcours est celui d'un autre membre du groupe. Lancez le vôtre : /help",
        "aid": "Cette aide est celle d'un autre membre du groupe. Lancez la vôtre : /help",
    },
    "only_group_scores": {
        "score": "Ici, le bot ne sert qu'à continuer ce qui a été lancé dans un groupe autorisé : lancez ce score dans le groupe.",
        "pathway": "Ici, le bot ne sert qu'à continuer ce qui a été lancé dans un groupe autorisé : lancez ce parcours dans le groupe.",
        "aid": "Ici, le bot ne sert qu'à continuer ce qui a été lancé dans un groupe autorisé : lancez cette aide dans le groupe.",
    },
    "group_ended_closed": {
        "score": "Ce score n'est plus en cours dans le groupe : relancez-le dans le groupe.",
        "pathway": "Ce parcours n'est plus en cours dans le groupe : relancez-le dans le groupe.",
        "aid": "Cette aide n'est plus en cours dans le groupe : relancez-la dans le groupe.",
    },
    "continued_elsewhere": {
        "score": "Ce score continue dans votre conversation privée avec le bot.",
        "pathway": "Ce parcours continue dans votre conversation privée avec le bot.",
        "aid": "Cette aide continue dans votre conversation privée avec le bot.",
    },
    "group_ended": {
        "score": "Ce score n'est plus en cours dans le groupe : nouveau score ici, qui ne sera pas publié dans le groupe.",
        "pathway": "Ce parcours n'est plus en cours dans le groupe : nouveau parcours ici, qui ne sera pas publié dans le groupe.",
        "aid": "Cette aide n'est plus en cours dans le groupe : nouvelle aide ici, qui ne sera pas publiée dans le groupe.",
    },
    "link_not_yours": {
        "score": "Ce lien est réservé au membre qui a lancé le score dans le groupe. Lancez le vôtre : /help",
        "pathway": "Ce lien est réservé au membre qui a lancé le parcours dans le groupe. Lancez le vôtre : /help",
        "aid": "Ce lien est réservé au membre qui a lancé l'aide dans le groupe. Lancez la vôtre : /help",
    },
}

_EN_BY_KIND: dict[str, dict[FlowKind, str]] = {
    "cancelled": {
        "score": "Score cancelled. /help for the list.",
        "pathway": "Pathway cancelled. /help for the list.",
        "aid": "Decision aid cancelled. /help for the list.",
    },
    "after_result": {
        "score": "This score is finished. /help for the list, or /back to change the last answer.",
        "pathway": "This pathway is finished. /help for the list, or /back to change the last answer.",
        "aid": "This decision aid is finished. /help for the list, or /back to change the last answer.",
    },
    "score_updated": {
        "score": "This score was updated since you started it: starting again at question 1.",
        "pathway": "This pathway was updated since you started it: starting again at question 1.",
        "aid": "This decision aid was updated since you started it: starting again at question 1.",
    },
    "abandoned": {
        "score": "The previous, unfinished score was abandoned.",
        "pathway": "The previous, unfinished pathway was abandoned.",
        "aid": "The previous, unfinished decision aid was abandoned.",
    },
    "closed": {
        "score": "Score closed; its result stands. /help for the list.",
        "pathway": "Pathway closed; its result stands. /help for the list.",
        "aid": "Decision aid closed; its result stands. /help for the list.",
    },
    "expired_none": {
        "score": "This button has expired. Start a score: /help",
        "pathway": "This button has expired. Start a pathway: /help",
        "aid": "This button has expired. Start a decision aid: /help",
    },
    "abandoned_message": {
        "score": "✖ {title}: score abandoned (unfinished).",
        "pathway": "✖ {title}: pathway abandoned (unfinished).",
        "aid": "✖ {title}: decision aid abandoned (unfinished).",
    },
    "foreign": {
        "score": "This score belongs to another member of the group. Start your own: /help",
        "pathway": "This pathway belongs to another member of the group. Start your own: /help",
        "aid": "This decision aid belongs to another member of the group. Start your own: /help",
    },
    "only_group_scores": {
        "score": "Here the bot only continues what was started in an allowed group: start this score in the group.",
        "pathway": "Here the bot only continues what was started in an allowed group: start this pathway in the group.",
        "aid": "Here the bot only continues what was started in an allowed group: start this decision aid in the group.",
    },
    "group_ended_closed": {
        "score": "This score is no longer in progress in the group: start it again in the group.",
        "pathway": "This pathway is no longer in progress in the group: start it again in the group.",
        "aid": "This decision aid is no longer in progress in the group: start it again in the group.",
    },
    "continued_elsewhere": {
        "score": "This score continues in your private chat with the bot.",
        "pathway": "This pathway continues in your private chat with the bot.",
        "aid": "This decision aid continues in your private chat with the bot.",
    },
    "group_ended": {
        "score": "This score is no longer in progress in the group: a new score here, which will not be posted to the group.",
        "pathway": "This pathway is no longer in progress in the group: a new pathway here, which will not be posted to the group.",
        "aid": "This decision aid is no longer in progress in the group: a new decision aid here, which will not be posted to the group.",
    },
    "link_not_yours": {
        "score": "This link belongs to the member who started the score in the group. Start your own: /help",
        "pathway": "This link belongs to the member who started the pathway in the group. Start your own: /help",
        "aid": "This link belongs to the member who started the decision aid in the group. Start your own: /help",
    },
}

_KINDS: tuple[FlowKind, ...] = get_args(FlowKind)


def _by_kind(
    neutral: dict[str, str], by_kind: dict[str, dict[FlowKind, str]]
) -> dict[FlowKind, dict[str, str]]:
    """For each kind, the strings with the messages about a dialogue naming that kind."""
    if not set(by_kind) <= set(neutral):  # pragma: no cover - a definition error
        raise ValueError(f"no neutral form for {sorted(set(by_kind) - set(neutral))}")
    for key, forms in by_kind.items():
        if set(forms) != set(_KINDS):  # pragma: no cover - a definition error
            raise ValueError(f"{key!r} lacks a kind: {sorted(set(_KINDS) - set(forms))}")
    return {kind: neutral | {k: f[kind] for k, f in by_kind.items()} for kind in _KINDS}


if set(_FR_BY_KIND) != set(_EN_BY_KIND):  # pragma: no cover - a definition error
    raise ValueError(f"i18n kinds differ: {sorted(set(_FR_BY_KIND) ^ set(_EN_BY_KIND))}")
_FR_KIND = _by_kind(_FR, _FR_BY_KIND)
_EN_KIND = _by_kind(_EN, _EN_BY_KIND)


def ui(lang: Lang, kind: FlowKind | None = None) -> dict[str, str]:
    """The interface strings in `lang`; with `kind`, those about a dialogue name what it
    runs (a score, a pathway, a decision aid), else they are neutral."""
    if kind is None:
        return _FR if lang == "fr" else _EN
    return (_FR_KIND if lang == "fr" else _EN_KIND)[kind]


def sep(lang: Lang) -> str:
    """The label separator: French puts a space before the colon."""
    return " : " if lang == "fr" else ": "


def list_sep(lang: Lang) -> str:
    """The separator between items of a list: French puts a space before the semicolon."""
    return " ; " if lang == "fr" else "; "


def join(parts: Sequence[str], lang: Lang) -> str:
    """Items of a list run together with `list_sep`."""
    return list_sep(lang).join(parts)
