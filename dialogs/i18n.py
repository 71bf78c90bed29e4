"""The interface's own words (not clinical content), in French and English."""

from __future__ import annotations

from collections.abc import Sequence

from scoring import Lang

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
    "cancelled": "Score annulé. /help pour la liste des scores.",
    "no_dialogue": "Aucun score en cours. Choisissez un score : /help",
    "after_result": "Ce score est terminé. Lancez un score (/help), ou /back pour corriger la dernière réponse.",
    "score_updated": "Ce score a été mis à jour depuis le début de votre saisie : on recommence à la question 1.",
    "session_unreadable": "Votre saisie précédente n'a pas pu être reprise. Choisissez un score : /help",
    "restarted": "On recommence.",
    "reopened": "Dernière question rouverte.",
    "abandoned": "Le score précédent, inachevé, a été abandonné.",
    "closed": "Score fermé ; son résultat reste valable. /help pour la liste des scores.",
    "in_progress": "Score en cours : {title}, question {index}/{count}. Répondez à la question, ou /cancel.",
    "lang_unknown": "Langue inconnue : /lang fr ou /lang en.",
    "expired_none": "Ce bouton a expiré. Lancez un score : /help",
    "foreign_own": "Ce message est la question d'un autre membre. Pour votre score, répondez au message de votre question en cours.",
    "unknown_command": "Commande inconnue. /help pour la liste des commandes.",
    "scores_title": "Scores disponibles",
    "commands": (
        "Pendant un score : répondez par le numéro ou le début de la réponse. "
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
    "abandoned_message": "✖ {title} : score abandonné (inachevé).",
    "console_quit": "Pour quitter : /quit ou Ctrl-D.",
    "cmd_start": "Présentation",
    "cmd_help": "Liste des scores",
    "cmd_back": "Question précédente",
    "cmd_restart": "Recommencer le score",
    "cmd_cancel": "Annuler le score",
    "cmd_lang": "Français / English",
    "cmd_forget": "Effacer mes données enregistrées",
    "btn_back": "◀ Retour",
    "btn_cancel": "✖ Annuler",
    "btn_private": "📱 Continuer en privé",
    "btn_reopen": "◀ Corriger la dernière réponse",
    "expired": "Cette question a expiré : répondez à la question en cours, ou /restart pour recommencer.",
    "foreign": "Ce score est celui d'un autre membre du groupe. Lancez le vôtre : /help",
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
    "forgotten": "Tout ce qui était enregistré vous concernant (scores en cours, langue) a été effacé.",
    "refused": "Ce bot n'est pas ouvert à cette conversation.",
    "error": "Une erreur est survenue. Votre saisie est conservée : renvoyez votre réponse, ou /restart.",
    "not_saved": "Votre réponse n'a pas pu être enregistrée (problème de stockage sur le serveur du bot). Réessayez dans un moment ; si cela persiste, prévenez l'administrateur du bot.",
    "reply_current": "Pour répondre, répondez au message de votre question en cours (ou touchez ses boutons).",
    "edited": "Modifier un message ne change pas la réponse enregistrée : /back pour corriger la dernière réponse.",
    "not_text": "Répondez par un numéro ou le début d'une réponse (texte uniquement).",
    "group_started": "Répondez ici : seul le résultat sera publié dans le groupe.",
    "withdrawn": "↩ {title} : résultat retiré (dernière réponse rouverte pour correction). Ne pas le reporter.",
    "only_group_scores": "Ici, le bot ne sert qu'aux scores continués depuis un groupe autorisé : lancez le score dans le groupe.",
    "group_ended_closed": "Ce score n'est plus en cours dans le groupe : relancez-le dans le groupe.",
    "continued_elsewhere": "Ce score continue dans votre conversation privée avec le bot.",
    "group_ended": "Ce score n'est plus en cours dans le groupe : nouveau score ici, qui ne sera pas publié dans le groupe.",
    "link_not_yours": "Ce lien est réservé au membre qui a lancé le score dans le groupe. Lancez le vôtre : /help",
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
    "cancelled": "Score cancelled. /help lists the scores.",
    "no_dialogue": "No score in progress. Pick a score: /help",
    "after_result": "This score is finished. Start a score (/help), or /back to change the last answer.",
    "score_updated": "This score was updated since you started it: starting again at question 1.",
    "session_unreadable": "Your previous answers could not be restored. Pick a score: /help",
    "restarted": "Starting again.",
    "reopened": "Last question reopened.",
    "abandoned": "The previous, unfinished score was abandoned.",
    "closed": "Score closed; its result stands. /help lists the scores.",
    "in_progress": "Score in progress: {title}, question {index}/{count}. Answer it, or /cancel.",
    "lang_unknown": "Unknown language: /lang fr or /lang en.",
    "expired_none": "This button has expired. Start a score: /help",
    "foreign_own": "That is another member's question. For your score, reply to the message of your current question.",
    "unknown_command": "Unknown command. /help lists the commands.",
    "scores_title": "Available scores",
    "commands": (
        "During a score: answer with the number or the start of the answer. "
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
    "abandoned_message": "✖ {title}: score abandoned (unfinished).",
    "console_quit": "To leave: /quit or Ctrl-D.",
    "cmd_start": "What this bot is",
    "cmd_help": "List the scores",
    "cmd_back": "Previous question",
    "cmd_restart": "Start the score again",
    "cmd_cancel": "Cancel the score",
    "cmd_lang": "Français / English",
    "cmd_forget": "Delete what is stored about me",
    "btn_back": "◀ Back",
    "btn_cancel": "✖ Cancel",
    "btn_private": "📱 Continue in private",
    "btn_reopen": "◀ Change the last answer",
    "expired": "This question has expired: answer the current one, or /restart to start again.",
    "foreign": "This score belongs to another member of the group. Start your own: /help",
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
    "forgotten": "Everything stored about you (scores in progress, language) has been deleted.",
    "refused": "This bot is not open to this chat.",
    "error": "Something went wrong. Your answers are kept: send your answer again, or /restart.",
    "not_saved": "Your answer could not be saved (a storage problem on the bot's server). Try again in a moment; if this persists, tell the bot's administrator.",
    "reply_current": "To answer, reply to the message of your current question (or tap its buttons).",
    "edited": "Editing a message does not change the recorded answer: /back to change the last answer.",
    "not_text": "Answer with a number or the start of an answer (text only).",
    "group_started": "Answer here: only the result will be posted in the group.",
    "withdrawn": "↩ {title}: result withdrawn (last answer reopened to be changed). Do not copy it.",
    "only_group_scores": "Here the bot only serves scores continued from an allowed group: start the score in the group.",
    "group_ended_closed": "This score is no longer in progress in the group: start it again in the group.",
    "continued_elsewhere": "This score continues in your private chat with the bot.",
    "group_ended": "This score is no longer in progress in the group: a new score here, which will not be posted to the group.",
    "link_not_yours": "This link belongs to the member who started the score in the group. Start your own: /help",
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


def ui(lang: Lang) -> dict[str, str]:
    """The interface strings in `lang`."""
    return _FR if lang == "fr" else _EN


def sep(lang: Lang) -> str:
    """The label separator: French puts a space before the colon."""
    return " : " if lang == "fr" else ": "


def list_sep(lang: Lang) -> str:
    """The separator between items of a list: French puts a space before the semicolon."""
    return " ; " if lang == "fr" else "; "


def join(parts: Sequence[str], lang: Lang) -> str:
    """Items of a list run together with `list_sep`."""
    return list_sep(lang).join(parts)
