"""Interface texts in French (first) and English, shared by the web pages and the report.

Questionnaire texts live in the questionnaire files; this module holds the product's own words.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import babel

from .questionnaire import EU_EEA_COUNTRIES, OTHER_COUNTRY

from .settings import DEFAULT_LANGUAGE
from .settings import LANGUAGES as LANGUAGES  # re-exported (the web modules)

MESSAGES: dict[str, dict[str, str | tuple[str, str]]] = {
    "app.name": {"fr": "Autodiagnostic IA souveraine", "en": "Sovereign AI self-assessment"},
    "app.tagline": {
        "fr": "Mesurez votre préparation à une IA souveraine et obtenez un plan d'action.",
        "en": "Measure how ready you are for sovereign AI and get an action plan.",
    },
    "nav.skip": {"fr": "Aller au contenu", "en": "Skip to content"},
    "nav.home": {"fr": "Accueil", "en": "Home"},
    "nav.switch": {"fr": "English", "en": "Français"},
    "nav.switch_label": {"fr": "Read this page in English", "en": "Lire cette page en français"},
    "home.intro": {
        "fr": "Une IA souveraine repose sur quatre piliers : la maîtrise technologique, la propriété des "
              "données, le respect des valeurs éthiques européennes et la capacité à déployer sans dépendre "
              "de fournisseurs étrangers. Ce questionnaire mesure où en est votre organisation sur chacun "
              "d'eux, signale les points critiques et propose un plan d'action.",
        "en": "Sovereign AI rests on four pillars: technology control, data ownership, European ethical "
              "values, and the ability to deploy without depending on foreign providers. This questionnaire "
              "measures where your organisation stands on each, flags critical findings and proposes an "
              "action plan.",
    },
    "home.pillars": {"fr": "Les quatre piliers", "en": "The four pillars"},
    "home.questions_count": {"fr": "{count} questions", "en": "{count} questions"},
    "home.how": {"fr": "Comment ça marche", "en": "How it works"},
    "home.how.1": {
        "fr": "Répondez aux questions, pilier par pilier. Chaque page est enregistrée dès que vous la validez.",
        "en": "Answer the questions, pillar by pillar. Each page is saved as soon as you submit it.",
    },
    "home.how.2": {
        "fr": "« Je ne sais pas » est une réponse utile : elle devient une question à instruire.",
        "en": "\"I don't know\" is a useful answer: it becomes a question to investigate.",
    },
    "home.how.3": {
        "fr": "Vous obtenez un score et un niveau de maturité par pilier, les constats critiques et un plan "
              "d'action avec des outils européens.",
        "en": "You get a score and a maturity level per pillar, the critical findings and an action plan "
              "with European tools.",
    },
    "home.sovereign": {
        "fr": "Cet outil est auto-hébergé : aucune page ne charge de ressource d'un autre serveur, aucune "
              "mesure d'audience.",
        "en": "This tool is self-hosted: no page loads anything from another server, and there is no "
              "analytics.",
    },
    "home.version": {"fr": "Questionnaire {id}, version {version}", "en": "Questionnaire {id}, version {version}"},
    "footer.text": {
        "fr": "Logiciel libre, auto-hébergé. Vos réponses restent sur ce serveur.",
        "en": "Free software, self-hosted. Your answers stay on this server.",
    },
    "error.title": {"fr": "Erreur {code}", "en": "Error {code}"},
    "error.404": {"fr": "Cette page n'existe pas.", "en": "This page does not exist."},
    "error.429": {"fr": "Trop de tentatives en peu de temps : patientez une minute, puis réessayez.", "en": 'Too many attempts in a short time: wait a minute, then try again.'},
    "error.other": {"fr": "La requête n'a pas pu être traitée.", "en": "The request could not be processed."},
    "error.500": {
        "fr": "Une erreur interne est survenue ; rien n'a été modifié. Réessayez dans un instant.",
        "en": "An internal error occurred; nothing was changed. Please try again in a moment.",
    },
    "error.conflict": {
        "fr": "Cette évaluation a été modifiée par une autre requête au même moment ; rien n'a été modifié par la vôtre. Rechargez la page, puis recommencez.",
        "en": "This assessment was changed by another request at the same moment; yours changed nothing. Reload the page, then try again.",
    },
    "home.start": {"fr": "Commencer l'autodiagnostic", "en": 'Start the self-assessment'},
    "home.start_note": {"fr": "Environ 30 minutes. Aucun compte n'est nécessaire : un lien secret vous permet de reprendre plus tard.", "en": 'About 30 minutes. No account needed: a secret link lets you come back later.'},
    "form.exclusive": {"fr": "« {option} » ne peut pas être combinée avec d'autres réponses.", "en": '“{option}” cannot be combined with other answers.'},
    "form.comment": {"fr": 'Commentaire (facultatif)', "en": 'Comment (optional)'},
    "form.errors_title": {"fr": "La page n'a pas été enregistrée : corrigez les points suivants", "en": 'The page was not saved: please correct the following'},
    "form.csrf": {"fr": 'Le formulaire a expiré ou ne vient pas de ce site. Vos réponses sont conservées ci-dessous : renvoyez la page.', "en": 'The form expired or did not come from this site. Your answers are kept below: submit the page again.'},
    "form.control": {"fr": "Ce texte contient un caractère de contrôle invisible (octet nul ou autre) : retirez-le.", "en": "This text holds an invisible control character (a NUL byte or another): remove it."},
    "form.expired": {"fr": "Le formulaire a expiré ou ne vient pas de ce site ; rien n'a été enregistré. Revenez à la page, rechargez-la, puis renvoyez le formulaire.", "en": 'The form expired or did not come from this site; nothing was saved. Go back to the page, reload it, then submit the form again.'},
    "form.error_prefix": {"fr": 'Erreur :', "en": 'Error:'},
    "survey.organisation": {"fr": 'Votre organisation', "en": 'Your organisation'},
    "survey.organisation_intro": {"fr": 'Ces informations sont facultatives ; elles apparaissent sur le rapport.', "en": 'This information is optional; it appears on the report.'},
    "survey.org_name": {"fr": "Nom de l'organisation", "en": 'Organisation name'},
    "survey.org_sector": {"fr": "Secteur d'activité", "en": 'Sector'},
    "survey.org_size": {"fr": 'Effectif', "en": 'Number of employees'},
    "survey.org_country": {"fr": "Pays d'établissement", "en": 'Country of establishment'},
    "survey.org_country_hint": {"fr": "Les constats et recommandations citent les règles de ce pays (qualifications nationales) et le cadre européen.", "en": "Findings and recommendations name this country's rules (national qualifications) and the EU-wide framework."},
    "survey.org_country_none": {"fr": '— Non précisé —', "en": '— Not given —'},
    "form.country": {"fr": "Choisissez un pays de la liste.", "en": 'Choose a country from the list.'},
    "country.other": {"fr": 'Autre pays (hors UE et EEE)', "en": 'Another country (outside the EU and EEA)'},
    "survey.stale": {"fr": "Ces réponses ont été modifiées ailleurs (autre onglet ou autre personne) depuis l'ouverture de la page. Rien n'a été écrasé : rechargez la page pour voir la dernière version, puis reportez vos changements.", "en": 'These answers were changed elsewhere (another tab or person) since this page was opened. Nothing was overwritten: reload the page to see the latest version, then make your changes again.'},
    "survey.reload": {"fr": 'Recharger la dernière version', "en": 'Reload the latest version'},
    "survey.start_refused": {"fr": "Le formulaire de démarrage a expiré : revenez à l'accueil et cliquez de nouveau.", "en": 'The start form expired: go back to the home page and click again.'},
    "survey.depends": {"fr": 'Question à remplir si vous avez répondu {answers} à la question « {question} ».', "en": 'Answer this question if you answered {answers} to “{question}”.'},
    "survey.steps": {"fr": 'Étapes du questionnaire', "en": 'Questionnaire steps'},
    "survey.secret_title": {"fr": 'Votre lien secret', "en": 'Your secret link'},
    "survey.secret_text": {"fr": "Conservez ce lien : il rouvre votre autodiagnostic depuis n'importe quel navigateur. Toute personne qui le détient peut lire et modifier vos réponses.", "en": 'Keep this link: it reopens your self-assessment from any browser. Anyone holding it can read and change your answers.'},
    "survey.secret_label": {"fr": 'Lien à conserver', "en": 'Link to keep'},
    "survey.overview": {"fr": 'Votre autodiagnostic', "en": 'Your self-assessment'},
    "survey.progress": {"fr": 'Avancement', "en": 'Progress'},
    "survey.pillar": {"fr": 'Pilier', "en": 'Pillar'},
    "survey.answered": {"fr": 'Questions répondues', "en": 'Questions answered'},
    "survey.continue": {"fr": 'Reprendre le questionnaire', "en": 'Continue the questionnaire'},
    "survey.begin": {"fr": 'Commencer le questionnaire', "en": 'Start the questionnaire'},
    "survey.see_results": {"fr": 'Voir les résultats', "en": 'See the results'},
    "survey.save_next": {"fr": 'Enregistrer et continuer', "en": 'Save and continue'},
    "survey.save_prev": {"fr": 'Enregistrer et revenir', "en": 'Save and go back'},
    "survey.save_results": {"fr": 'Enregistrer et voir les résultats', "en": 'Save and see the results'},
    "survey.pillar_of": {"fr": 'Pilier {n} sur {total}', "en": 'Pillar {n} of {total}'},
    "survey.all_optional": {"fr": 'Chaque page est enregistrée quand vous la validez. Vous pouvez laisser une question sans réponse et y revenir ; « Je ne sais pas » est une réponse utile.', "en": "Each page is saved when you submit it. You can leave a question unanswered and come back to it; “I don't know” is a useful answer."},
    "survey.help": {"fr": 'Pourquoi cette question ?', "en": 'Why this question?'},
    "survey.sources": {"fr": 'Sources :', "en": 'Sources:'},
    "survey.add_comment": {"fr": 'Ajouter un commentaire', "en": 'Add a comment'},
    "results.title": {"fr": 'Résultats', "en": 'Results'},
    "results.overall": {"fr": 'Résultat global', "en": 'Overall result'},
    "results.level": {"fr": 'Niveau', "en": 'Level'},
    "results.score": {"fr": 'Score', "en": 'Score'},
    "results.confidence": {"fr": "Taux de réponses informées : {value} des questions applicables ont reçu une réponse autre que « je ne sais pas ».", "en": "Answer coverage: {value} of the applicable questions were answered (not “I don't know”)."},
    "results.confidence_col": {"fr": 'Réponses informées', "en": 'Answer coverage'},
    "results.pillars": {"fr": 'Résultats par pilier', "en": 'Results by pillar'},
    "results.capped": {"fr": 'plafonné : score brut {raw}, niveau {level} sans plafond', "en": 'capped: raw score {raw}, level {level} without the cap'},
    "results.critical": {"fr": 'Constats critiques', "en": 'Critical findings'},
    "results.finding_cap": {"fr": 'Niveau du pilier ramené de {before} à {cap}.', "en": "Pillar level brought down from {before} to {cap}."},
    "results.finding_cap_unassessed": {"fr": "Plafond : niveau {cap} au plus (le pilier n'est pas évalué : aucune réponse informée).", "en": 'Cap: level {cap} at most (the pillar is not assessed: no informed answer).'},
    "results.finding_cap_moot": {"fr": 'Plafond : niveau {cap} au plus (sans effet ici, le pilier est au niveau {before}).', "en": 'Cap: level {cap} at most (no effect here: the pillar is at level {before}).'},
    "results.no_critical": {"fr": 'Aucun constat critique.', "en": 'No critical finding.'},
    "results.gaps": {"fr": 'Questions à instruire', "en": 'Questions to investigate'},
    "results.gaps_intro": {"fr": 'Vous avez répondu « Je ne sais pas » à ces questions. Elles comptent pour 0 : trouver la réponse est souvent la première action.', "en": "You answered “I don't know” to these questions. They count as 0: finding the answer is often the first action."},
    "results.no_gaps": {"fr": 'Aucune question à instruire.', "en": 'No question to investigate.'},
    "results.unanswered": {"fr": ('{count} question sans réponse n\'est pas comptée.', '{count} questions sans réponse ne sont pas comptées.'), "en": ('{count} unanswered question is not counted.', '{count} unanswered questions are not counted.')},
    "results.recommendations": {"fr": 'Recommandations prioritaires', "en": 'Priority recommendations'},
    "results.tools": {"fr": 'Outils possibles :', "en": 'Possible tools:'},
    "results.steps": {"fr": 'Étapes et sources', "en": 'Steps and sources'},
    "results.no_recommendations": {"fr": "Aucune recommandation ne s'applique.", "en": 'No recommendation applies.'},
    "pdf.title": {"fr": "Rapport de préparation à l'IA souveraine", "en": 'Sovereign AI readiness report'},
    "pdf.cover": {"fr": 'Couverture', "en": 'Cover'},
    "pdf.kicker": {"fr": 'Autodiagnostic', "en": 'Self-assessment'},
    "pdf.no_name": {"fr": 'Organisation non nommée', "en": 'Unnamed organisation'},
    "pdf.date": {"fr": 'Date', "en": 'Date'},
    "pdf.questionnaire": {"fr": 'Questionnaire', "en": 'Questionnaire'},
    "pdf.language": {"fr": 'Langue', "en": 'Language'},
    "pdf.language_name": {"fr": 'français', "en": 'English'},
    "pdf.cover_note": {"fr": 'Autodiagnostic déclaratif : ce rapport reflète les réponses données. Il ne remplace ni un audit, ni une analyse juridique, ni une qualification.', "en": 'A declarative self-assessment: this report reflects the answers given. It does not replace an audit, a legal analysis or a qualification.'},
    "pdf.credit": {"fr": 'Produit par sovereign-ai-readiness, logiciel libre (EUPL-1.2) auto-hébergé.', "en": 'Produced by sovereign-ai-readiness, free and open-source self-hosted software (EUPL-1.2).'},
    "pdf.toc": {"fr": 'Sommaire', "en": 'Contents'},
    "pdf.summary": {"fr": 'Synthèse', "en": 'Executive summary'},
    "pdf.plan": {"fr": "Plan d'action", "en": 'Action plan'},
    "pdf.tools": {"fr": 'Outils cités dans le plan', "en": 'Tools named in the plan'},
    "preparing.title": {"fr": "Préparation de votre rapport…", "en": "Preparing your report…"},
    "preparing.queued": {"fr": ("En file d'attente : {count} rapport à préparer avant le vôtre.", "En file d'attente : {count} rapports à préparer avant le vôtre."), "en": ("Queued: {count} report to prepare before yours.", "Queued: {count} reports to prepare before yours.")},
    "preparing.rendering": {"fr": "Mise en page de votre rapport en cours.", "en": "Your report is being laid out."},
    "preparing.refresh": {"fr": "Cette page se recharge d'elle-même toutes les {seconds} secondes, puis le téléchargement commence.", "en": "This page reloads itself every {seconds} seconds, then the download starts."},
    "preparing.again": {"fr": "Recharger maintenant", "en": "Reload now"},
    "pdf.method": {"fr": 'Annexe : méthode', "en": 'Appendix: method'},
    "pdf.change": {"fr": 'Évolution', "en": 'Change'},
    "pdf.capped_note": {"fr": 'niveau plafonné par un constat critique (voir ci-dessous) ou, pour le niveau 4, faute de preuve ; le score affiché est ramené au haut de la tranche du niveau.', "en": 'level capped by a critical finding (see below) or, for level 4, for want of proof; the score shown is brought down to the top of the level band.'},
    "pdf.actions": {"fr": 'Fiches des actions prioritaires', "en": 'Priority action sheets'},
    "pdf.plan_intro": {"fr": "{count} recommandations découlent des réponses, classées par horizon puis par urgence ; celles qui répondent à un constat critique viennent en premier. Les {detailed} plus urgentes font l'objet d'une fiche détaillée (étapes, outils, sources) ; l'outil en ligne donne les étapes de toutes.", "en": 'The answers lead to {count} recommendations, grouped by horizon, most urgent first; those answering a critical finding come first. The {detailed} most urgent have a detailed sheet (steps, tools, sources); the online tool gives the steps of all of them.'},
    "pdf.sheet": {"fr": 'fiche', "en": 'sheet'},
    "pdf.urgent": {"fr": 'Les trois actions les plus urgentes', "en": 'The three most urgent actions'},
    "pdf.no_answers": {"fr": 'Aucune réponse pour ce pilier.', "en": 'No answers for this pillar.'},
    "pdf.strengths": {"fr": 'Points forts', "en": 'Strengths'},
    "pdf.weaknesses": {"fr": 'Points faibles', "en": 'Weaknesses'},
    "pdf.answers": {"fr": 'Réponses', "en": 'Answers'},
    "pdf.hidden": {"fr": 'Sans objet (question non posée)', "en": 'Not applicable (question not asked)'},
    "pdf.unanswered": {"fr": 'Sans réponse', "en": 'Unanswered'},
    "pdf.comment": {"fr": 'Commentaire :', "en": 'Comment:'},
    "pdf.improves": {"fr": 'améliore :', "en": 'improves:'},
    "pdf.catalogue_date": {"fr": 'Catalogue mis à jour le {date}. Les offres évoluent : vérifiez les faits auprès des sources avant toute décision.', "en": 'Catalogue updated on {date}. Offers change: check the facts against the sources before any decision.'},
    "pdf.vendor": {"fr": 'Éditeur (siège)', "en": 'Vendor (headquarters)'},
    "pdf.category": {"fr": 'Catégorie', "en": 'Category'},
    "pdf.deployment": {"fr": 'Déploiement', "en": 'Deployment'},
    "pdf.license": {"fr": 'Licence', "en": 'Licence'},
    "pdf.certifications": {"fr": 'Certifications', "en": 'Certifications'},
    "pdf.none_verified": {"fr": 'aucune vérifiée', "en": 'none verified'},
    "pdf.owner": {"fr": 'Contrôle ultime', "en": 'Ultimately controlled by'},
    "pdf.qualifications": {"fr": 'Qualifications', "en": 'Qualifications'},
    "qualification.qualified": {"fr": 'qualification en vigueur', "en": 'qualified'},
    "qualification.certified": {"fr": 'certification en vigueur', "en": 'certified'},
    "qualification.in-progress": {"fr": 'démarche en cours', "en": 'in progress'},
    "qualification.expired": {"fr": 'échue', "en": 'expired'},
    "pdf.sovereignty": {"fr": 'Souveraineté', "en": 'Sovereignty'},
    "pdf.caveats": {"fr": 'Réserves', "en": 'Caveats'},
    "pdf.colon": {"fr": ' :', "en": ':'},
    "pdf.sep": {"fr": ' ; ', "en": '; '},
    "pdf.verified": {"fr": 'Vérifié le', "en": 'Verified on'},
    "pdf.sources": {"fr": 'Sources', "en": 'Sources'},
    "pdf.no_tools": {"fr": "Les actions du plan ne citent aucun outil.", "en": 'The actions of the plan name no tool.'},
    "pdf.method.scores": {"fr": "Chaque réponse porte un score de 0 à 100 ; dans chaque question, la meilleure réponse vaut 100 et la moins bonne 0. Une question à choix multiples additionne les options cochées, dans la limite de 100. Le score d'un pilier est la moyenne des scores de ses questions, pondérée par leur poids.", "en": "Each answer carries a score from 0 to 100; in every question the best answer scores 100 and the weakest 0. A multiple-choice question adds up the ticked options, up to 100. A pillar's score is the mean of its questions' scores, weighted by their weight."},
    "pdf.method.unknown": {"fr": "« Je ne sais pas » vaut 0 et devient une question à instruire ; « sans objet » et les questions non posées sortent du calcul ; les questions sans réponse ne sont pas comptées mais font baisser l'indice de confiance.", "en": "“I don't know” scores 0 and becomes a question to investigate; “not applicable” and questions not asked leave the calculation; unanswered questions are not counted but lower the confidence figure."},
    "pdf.method.overall": {"fr": 'Le score global est la moyenne des piliers pondérée par leur poids. Chaque score correspond à un niveau de maturité :', "en": 'The overall score is the mean of the pillars weighted by their weight. Each score maps to a maturity level:'},
    "pdf.name": {"fr": 'Nom', "en": 'Name'},
    "pdf.method.critical": {"fr": "Certaines réponses révèlent un risque qu'aucune bonne réponse ailleurs ne compense : une règle critique plafonne alors le niveau du pilier, quel que soit son score (le maillon faible, comme dans le cadre de souveraineté cloud de la Commission européenne). Le niveau global ne peut dépasser de plus d'un niveau celui du pilier le plus faible.", "en": "Some answers reveal a risk that no good answer elsewhere makes up for: a critical rule then caps the pillar's level, whatever its score (the weakest link, as in the European Commission's Cloud Sovereignty Framework). The overall level cannot be more than one level above the weakest pillar's."},
    "pdf.critical_rules": {"fr": 'Règles critiques du questionnaire', "en": "The questionnaire's critical rules"},
    "pdf.cap": {"fr": 'niveau {cap} au plus', "en": 'level {cap} at most'},
    "pdf.method.limits": {"fr": 'Ce rapport est un autodiagnostic déclaratif. Les faits sur les lois et les fournisseurs sont datés ; le questionnaire porte un numéro de version et le rapport indique celle utilisée.', "en": 'This report is a declarative self-assessment. Facts about laws and vendors are dated; the questionnaire has a version number and the report states the one used.'},
    "pdf.sources_cited": {"fr": 'Textes cités dans ce rapport', "en": 'Texts cited in this report'},
    "results.download_pdf": {"fr": 'Télécharger le rapport (PDF)', "en": 'Download the report (PDF)'},
    "results.view_html": {"fr": "Voir le rapport complet à l'écran", "en": 'View the full report on screen'},
    "accounts.login": {"fr": 'Connexion consultant', "en": 'Consultant sign-in'},
    "accounts.intro": {"fr": "Réservé aux consultants qui animent des ateliers. Les entreprises qui font leur autodiagnostic n'ont pas besoin de compte.", "en": 'For consultants who run workshops. Companies taking the self-assessment need no account.'},
    "accounts.email": {"fr": 'Adresse e-mail', "en": 'Email address'},
    "accounts.password": {"fr": 'Mot de passe', "en": 'Password'},
    "accounts.submit": {"fr": 'Se connecter', "en": 'Sign in'},
    "accounts.failed": {"fr": 'Adresse e-mail ou mot de passe incorrect.', "en": 'Wrong email address or password.'},
    "accounts.logout": {"fr": 'Se déconnecter', "en": 'Sign out'},
    "workshop.list": {"fr": 'Mes ateliers', "en": 'My workshops'},
    "workshop.new": {"fr": 'Nouvel atelier', "en": 'New workshop'},
    "workshop.create": {"fr": "Créer l'atelier", "en": 'Create the workshop'},
    "workshop.title": {"fr": 'Titre', "en": 'Title'},
    "workshop.organisation": {"fr": 'Organisation cliente', "en": 'Client organisation'},
    "workshop.code": {"fr": 'Code', "en": 'Code'},
    "workshop.participants": {"fr": 'Participants', "en": 'Participants'},
    "workshop.none": {"fr": "Aucun atelier pour l'instant.", "en": 'No workshop yet.'},
    "workshop.join_title": {"fr": "Rejoindre l'atelier", "en": 'Join the workshop'},
    "workshop.join_text": {"fr": 'Les participants ouvrent le lien ou scannent le code QR, ou saisissent ce code sur la page « Rejoindre » :', "en": 'Participants open the link or scan the QR code, or type this code on the “Join” page:'},
    "workshop.join_link": {"fr": 'Lien à partager', "en": 'Link to share'},
    "workshop.qr_alt": {"fr": "Code QR du lien pour rejoindre l'atelier", "en": 'QR code of the link to join the workshop'},
    "workshop.live": {"fr": 'En direct', "en": 'Live'},
    "workshop.counts": {"fr": ('{count} participant a rejoint, {completed} a tout rempli.', '{count} participants ont rejoint, {completed} ont tout rempli.'), "en": ('{count} participant joined, {completed} completed.', '{count} participants joined, {completed} completed.')},
    "workshop.refreshed": {"fr": 'mis à jour à {time}', "en": 'updated at {time}'},
    "workshop.refresh": {"fr": 'Rafraîchir', "en": 'Refresh'},
    "workshop.named": {"fr": 'Participants nommés :', "en": 'Named participants:'},
    "workshop.anonymous": {"fr": '{count} sans nom', "en": '{count} without a name'},
    "workshop.pillars": {"fr": 'Scores par pilier (participants)', "en": 'Scores by pillar (participants)'},
    "workshop.median": {"fr": 'Médiane', "en": 'Median'},
    "workshop.spread": {"fr": 'Écart interquartile', "en": 'Interquartile range'},
    "workshop.range": {"fr": 'Minimum – maximum', "en": 'Minimum – maximum'},
    "workshop.disputed": {"fr": 'Questions où les avis divergent le plus', "en": 'Questions where views differ most'},
    "workshop.disagreement": {"fr": 'désaccord {value} %', "en": 'disagreement {value}%'},
    "workshop.no_dispute": {"fr": "Pas de désaccord pour l'instant.", "en": 'No disagreement so far.'},
    "workshop.gaps": {"fr": "Points d'ignorance (« je ne sais pas »)", "en": "Knowledge-gap hot spots (“I don't know”)"},
    "workshop.unknown_count": {"fr": '{count} « je ne sais pas » ({share} %)', "en": "{count} “I don't know” ({share}%)"},
    "workshop.all_questions": {"fr": 'Répartition des réponses, question par question', "en": 'Distribution of answers, question by question'},
    "workshop.deliverables": {"fr": 'Consensus et livrables', "en": 'Consensus and deliverables'},
    "workshop.consensus": {"fr": 'Enregistrer le consensus', "en": 'Record the consensus'},
    "workshop.consensus_intro": {"fr": 'Pour chaque question, la réponse la plus fréquente est proposée ; corrigez-la selon la discussion et notez les désaccords. Le consensus est noté comme un autodiagnostic.', "en": 'For each question the most common answer is proposed; correct it after the discussion and note any dissent. The consensus is scored like a self-assessment.'},
    "workshop.dissent": {"fr": 'Note sur les désaccords (facultatif)', "en": 'Note on dissent (optional)'},
    "workshop.save_consensus": {"fr": 'Enregistrer le consensus', "en": 'Save the consensus'},
    "workshop.report": {"fr": 'Rapport de groupe (PDF)', "en": 'Group report (PDF)'},
    "workshop.join_intro": {"fr": "Vous allez répondre au questionnaire pour l'atelier. Votre nom et votre fonction sont facultatifs ; s'ils sont donnés, l'animateur les voit.", "en": 'You are about to answer the questionnaire for the workshop. Your name and role are optional; if given, the facilitator sees them.'},
    "workshop.your_name": {"fr": 'Votre nom (facultatif)', "en": 'Your name (optional)'},
    "workshop.your_role": {"fr": 'Votre fonction ou service (facultatif)', "en": 'Your role or department (optional)'},
    "workshop.join_button": {"fr": 'Rejoindre', "en": 'Join'},
    "workshop.unknown_code": {"fr": "Aucun atelier ouvert n'a ce code : vérifiez-le auprès de l'animateur.", "en": 'No open workshop has this code: check it with the facilitator.'},
    "pdf.workshop": {"fr": 'Atelier', "en": 'Workshop'},
    "pdf.workshop_intro": {"fr": ("Ce rapport note le consensus enregistré par l'animateur. {count} participant, dont {completed} a répondu à tout.", "Ce rapport note le consensus enregistré par l'animateur. {count} participants, dont {completed} ont répondu à tout."), "en": ("This report scores the consensus recorded by the facilitator. {count} participant, {completed} of whom answered everything.", "This report scores the consensus recorded by the facilitator. {count} participants, {completed} of whom answered everything.")},
    "pdf.workshop_spread": {"fr": 'Dispersion des scores individuels', "en": 'Spread of individual scores'},
    "pdf.workshop_disputed": {"fr": 'Questions les plus disputées', "en": 'Most disputed questions'},
    "baseline.title": {"fr": 'Comparer à une évaluation précédente', "en": 'Compare with an earlier assessment'},
    "baseline.intro": {"fr": "Collez le lien secret d'une évaluation antérieure du même questionnaire : les résultats et le rapport montreront l'évolution de chaque pilier.", "en": 'Paste the secret link of an earlier assessment of the same questionnaire: the results and the report will show how each pillar changed.'},
    "baseline.label": {"fr": "Lien secret de l'évaluation de référence", "en": 'Secret link of the baseline assessment'},
    "baseline.submit": {"fr": 'Comparer', "en": 'Compare'},
    "baseline.clear": {"fr": 'Retirer la comparaison', "en": 'Remove the comparison'},
    "baseline.unknown": {"fr": 'Ce lien ne correspond à aucune évaluation.', "en": 'This link matches no assessment.'},
    "baseline.questionnaire_changed": {"fr": "Le questionnaire a changé depuis l'évaluation de référence (questionnaire {before} → {after}) : la comparaison porte sur les scores des piliers, dont les questions ont pu changer.", "en": 'The questionnaire changed since the baseline assessment (questionnaire {before} → {after}): the comparison is between pillar scores, whose questions may differ.'},
    "report.content_date": {"fr": 'Contenu à jour au {date} (questionnaire version {version}).', "en": 'Content up to date as of {date} (questionnaire version {version}).'},
    "report.questionnaire_version": {"fr": 'Questionnaire version {version}.', "en": 'Questionnaire version {version}.'},
    "baseline.change": {"fr": "Évolution depuis l'évaluation de référence : {change} points.", "en": 'Change since the baseline assessment: {change} points.'},
    "workshop.baseline": {"fr": "Atelier de référence (pour mesurer l'évolution)", "en": 'Baseline workshop (to measure the change)'},
    "workshop.no_baseline": {"fr": 'Aucun', "en": 'None'},
    "erase.your_data": {"fr": 'Vos données', "en": 'Your data'},
    "erase.export": {"fr": 'Exporter toutes les données de cette évaluation (JSON)', "en": 'Export all the data of this assessment (JSON)'},
    "erase.title": {"fr": 'Supprimer cette évaluation', "en": 'Delete this assessment'},
    "erase.confirm": {"fr": "Toutes les réponses, commentaires et résultats de cette évaluation seront effacés définitivement du serveur. Le lien secret ne fonctionnera plus. Vous pouvez d'abord exporter vos données.", "en": 'All the answers, comments and results of this assessment will be erased from the server for good. The secret link will stop working. You can export your data first.'},
    "erase.button": {"fr": 'Supprimer définitivement', "en": 'Delete for good'},
    "erase.cancel": {"fr": 'Annuler', "en": 'Cancel'},
    "erase.done": {"fr": 'Évaluation supprimée', "en": 'Assessment deleted'},
    "erase.done_text": {"fr": "L'évaluation et toutes ses réponses ont été effacées du serveur.", "en": 'The assessment and all its answers were erased from the server.'},
    "erase.workshop": {"fr": "Efface l'atelier et les réponses de tous ses participants, définitivement.", "en": "Erases the workshop and all its participants' answers, for good."},
    "erase.workshop_title": {"fr": 'Supprimer cet atelier', "en": 'Delete this workshop'},
    "erase.workshop_button": {"fr": "Supprimer l'atelier", "en": 'Delete the workshop'},
    "privacy.title": {"fr": 'Données personnelles', "en": 'Personal data'},
    "privacy.what_h": {"fr": 'Ce que ce serveur conserve', "en": 'What this server keeps'},
    "privacy.what.answers": {"fr": "Pour chaque autodiagnostic : vos réponses et commentaires, le nom, le secteur et l'effectif de l'organisation s'ils sont donnés, les dates de création et de modification. Le lien secret n'est conservé que sous forme d'empreinte (SHA-256).", "en": "For each self-assessment: your answers and comments, the organisation's name, sector and size if given, the dates of creation and change. The secret link is kept only as a fingerprint (SHA-256)."},
    "privacy.what.workshops": {"fr": "Pour un atelier : le nom et la fonction des participants qui les donnent (facultatifs), leurs réponses, le consensus et les notes de l'animateur.", "en": "For a workshop: the name and role of participants who give them (optional), their answers, the consensus and the facilitator's notes."},
    "privacy.what.consultants": {"fr": "Pour les consultants : l'adresse e-mail et une empreinte argon2 du mot de passe.", "en": 'For consultants: the email address and an argon2 hash of the password.'},
    "privacy.what.cookies": {"fr": "Deux cookies strictement nécessaires : la langue choisie et la session (jeton anti-falsification, connexion des consultants). Aucun cookie de mesure d'audience.", "en": "Two strictly necessary cookies: the chosen language and the session (anti-forgery token, consultants' sign-in). No analytics cookie."},
    "privacy.what.logs": {"fr": "Les journaux techniques contiennent l'adresse IP et la page demandée, jamais le lien secret ni les jetons, qui sont masqués.", "en": 'Technical logs hold the IP address and the page requested, never the secret link or tokens, which are masked.'},
    "privacy.not_h": {"fr": 'Ce qui ne quitte jamais ce serveur', "en": 'What never leaves this server'},
    "privacy.not": {"fr": "Aucune page ne charge de ressource d'un autre site : pas de CDN, de polices externes, de mesure d'audience ni de service tiers. Les rapports PDF sont produits sur ce serveur.", "en": 'No page loads anything from another site: no CDN, external fonts, analytics or third-party service. PDF reports are made on this server.'},
    "privacy.how_long_h": {"fr": 'Combien de temps', "en": 'For how long'},
    "privacy.how_long": {"fr": "Tant que vous ne supprimez pas l'évaluation, ou jusqu'à la purge fixée par l'exploitant de ce serveur (commande sovereign-ai purge --older-than JOURS) ; renseignez-vous auprès de lui.", "en": 'Until you delete the assessment, or until the purge set by whoever runs this server (the command sovereign-ai purge --older-than DAYS); ask them.'},
    "privacy.rights_h": {"fr": 'Vos droits', "en": 'Your rights'},
    "privacy.rights": {"fr": "Depuis la page de votre évaluation, vous pouvez exporter toutes ses données (JSON) et la supprimer définitivement. L'API offre les mêmes opérations (GET et DELETE /api/v1/assessments/<id>).", "en": "From your assessment's page you can export all its data (JSON) and delete it for good. The API offers the same (GET and DELETE /api/v1/assessments/<id>)."},
    "report.level": {"fr": "niveau", "en": "level"},
    "report.baseline": {"fr": "évaluation de référence", "en": "baseline assessment"},
    "report.radar.title": {"fr": "Scores par pilier (0 à 100)", "en": "Scores by pillar (0 to 100)"},
    "report.reading.empty": {
        "fr": "Aucune réponse n'a encore été donnée : il n'y a rien à mesurer.",
        "en": "No answer has been given yet: there is nothing to measure.",
    },
    "report.reading.overall": {
        "fr": "Votre organisation se situe au niveau {level} ({name}), avec un score global de {score}/100.",
        "en": "Your organisation stands at level {level} ({name}), with an overall score of {score}/100.",
    },
    "report.reading.range_low": {
        "fr": "Tous les piliers sont au niveau 0 ; le moins faible est « {strong} » ({strong_score}/100), le plus "
              "fragile « {weak} » ({weak_score}/100).",
        "en": "Every pillar is at level 0; the least weak is \u201c{strong}\u201d ({strong_score}/100), the weakest "
              "\u201c{weak}\u201d ({weak_score}/100).",
    },
    "report.reading.range": {
        "fr": "Le pilier le plus solide est « {strong} » ({strong_score}/100) ; le plus fragile, « {weak} » "
              "({weak_score}/100).",
        "en": "The strongest pillar is \u201c{strong}\u201d ({strong_score}/100); the weakest, \u201c{weak}\u201d "
              "({weak_score}/100).",
    },
    "report.reading.capped": {
        "fr": ("{count} constat critique plafonne le niveau de : {pillars}.",
               "{count} constats critiques plafonnent le niveau de : {pillars}."),
        "en": ("{count} critical finding caps the level of: {pillars}.",
               "{count} critical findings cap the level of: {pillars}."),
    },
    "report.reading.gaps": {
        "fr": ("{count} question reste à instruire (réponse « je ne sais pas ») ; elle compte pour 0.",
               "{count} questions restent à instruire (réponse « je ne sais pas ») ; elles comptent pour 0."),
        "en": ("{count} question remains to be investigated (an \u201cI don't know\u201d answer); it counts as 0.",
               "{count} questions remain to be investigated (\u201cI don't know\u201d answers); they count as 0."),
    },
    "priority.high": {"fr": "Priorité haute", "en": "High priority"},
    "priority.medium": {"fr": "Priorité moyenne", "en": "Medium priority"},
    "priority.low": {"fr": "Priorité basse", "en": "Low priority"},
    "horizon.quick-win": {"fr": "Gain rapide (≤ 3 mois)", "en": "Quick win (≤ 3 months)"},
    "horizon.medium": {"fr": "3 à 12 mois", "en": "3 to 12 months"},
    "horizon.strategic": {"fr": "Plus de 12 mois", "en": "Over 12 months"},
    "effort.low": {"fr": "Effort faible", "en": "Low effort"},
    "effort.medium": {"fr": "Effort moyen", "en": "Medium effort"},
    "effort.high": {"fr": "Effort important", "en": "High effort"},
    "category.models": {"fr": "Modèles", "en": "Models"},
    "category.genai-platform": {"fr": "Plateforme d'IA générative", "en": "Generative AI platform"},
    "category.data-science-platform": {"fr": "Plateforme de data science", "en": "Data science platform"},
    "category.cloud": {"fr": "Cloud", "en": "Cloud"},
    "category.inference-runtime": {"fr": "Moteur d'inférence", "en": "Inference runtime"},
    "category.evaluation": {"fr": "Évaluation et tests", "en": "Evaluation and testing"},
    "category.user-interface": {"fr": "Interface utilisateur", "en": "User interface"},
    "category.model-hub": {"fr": "Plateforme de modèles", "en": "Model hub"},
    "category.data-infrastructure": {"fr": "Infrastructure de données", "en": "Data infrastructure"},
    "category.observability": {"fr": "Observabilité", "en": "Observability"},
    "deployment.saas": {"fr": "SaaS", "en": "SaaS"},
    "deployment.eu-hosted": {"fr": "Hébergé dans l'UE", "en": "EU-hosted"},
    "deployment.on-premise": {"fr": "Sur site", "en": "On premises"},
    "deployment.air-gapped": {"fr": "Isolé (air-gapped)", "en": "Air-gapped"},
}


MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}


def translate(key: str, language: str, **values: object) -> str:
    """The text for `key` in `language`, with `{placeholders}` filled in.

    A text given as a pair (singular, plural) is chosen by `count`: French takes the singular for 0
    and 1, English for 1 only.
    """
    entry = MESSAGES[key]
    text = entry.get(language) or entry[DEFAULT_LANGUAGE]
    if isinstance(text, tuple):
        count: Any = values.get("count", 0)
        singular = count <= 1 if language == "fr" else count == 1
        text = text[0] if singular else text[1]
    return text.format(**values) if values else text


def number(value: float | None, language: str, digits: int = 1, sign: bool = False) -> str:
    """A score as written in `language`: 33,8 in French, 33.8 in English (+2,5 with `sign`); a dash for none."""
    if value is None:
        return "—"
    text = f"{value:+.{digits}f}" if sign else f"{value:.{digits}f}"
    return text.replace(".", ",") if language == "fr" else text


def percent(ratio: float, language: str) -> str:
    """A ratio as a whole percentage: 86 % in French (narrow no-break space), 86% in English."""
    value = round(ratio * 100)
    return f"{value}\u202f%" if language == "fr" else f"{value}%"


def long_date(day: dt.date, language: str) -> str:
    """A date written out: 26 novembre 2026, 26 November 2026."""
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


def template_helpers(language: str) -> dict:
    """What templates use to write text in `language`: `_()` for messages, `num()` and `pct()` for figures."""
    return {"_": lambda key, **values: translate(key, language, **values),
            "num": lambda value, sign=False: number(value, language, sign=sign),
            "pct": lambda ratio: percent(ratio, language)}


def country(code: str, language: str) -> str:
    """A country's name from its ISO code, from the Unicode CLDR (the code itself when unknown); 'other'
    names an organisation's country outside the EU/EEA."""
    if code == OTHER_COUNTRY:
        return translate("country.other", language)
    return babel.Locale(language).territories.get(code, code)


def organisation_countries(language: str) -> list[tuple[str, str]]:
    """The countries an organisation may choose, (code, name) sorted by name in `language`, 'other' last."""
    names = sorted(((code, country(code, language)) for code in EU_EEA_COUNTRIES),
                   key=lambda item: unicodedata.normalize("NFKD", item[1]).casefold())
    return names + [(OTHER_COUNTRY, country(OTHER_COUNTRY, language))]
