"""Interface texts in French (first) and English, shared by the web pages and the report.

Questionnaire texts live in the questionnaire files; this module holds the product's own words.
"""

from __future__ import annotations

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

MESSAGES: dict[str, dict[str, str]] = {
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
    "error.other": {"fr": "La requête n'a pas pu être traitée.", "en": "The request could not be processed."},
    "error.500": {
        "fr": "Une erreur interne est survenue ; rien n'a été modifié. Réessayez dans un instant.",
        "en": "An internal error occurred; nothing was changed. Please try again in a moment.",
    },
    "home.start": {"fr": "Commencer l'autodiagnostic", "en": 'Start the self-assessment'},
    "home.start_note": {"fr": "Environ 30 minutes. Aucun compte n'est nécessaire : un lien secret vous permet de reprendre plus tard.", "en": 'About 30 minutes. No account needed: a secret link lets you come back later.'},
    "form.exclusive": {"fr": "« {option} » ne peut pas être combinée avec d'autres réponses.", "en": '“{option}” cannot be combined with other answers.'},
    "form.comment": {"fr": 'Commentaire (facultatif)', "en": 'Comment (optional)'},
    "form.errors_title": {"fr": "La page n'a pas été enregistrée : corrigez les points suivants", "en": 'The page was not saved: please correct the following'},
    "form.csrf": {"fr": 'Le formulaire a expiré ou ne vient pas de ce site. Vos réponses sont conservées ci-dessous : renvoyez la page.', "en": 'The form expired or did not come from this site. Your answers are kept below: submit the page again.'},
    "form.error_prefix": {"fr": 'Erreur :', "en": 'Error:'},
    "survey.organisation": {"fr": 'Votre organisation', "en": 'Your organisation'},
    "survey.organisation_intro": {"fr": 'Ces informations sont facultatives ; elles apparaissent sur le rapport.', "en": 'This information is optional; it appears on the report.'},
    "survey.org_name": {"fr": "Nom de l'organisation", "en": 'Organisation name'},
    "survey.org_sector": {"fr": "Secteur d'activité", "en": 'Sector'},
    "survey.org_size": {"fr": 'Effectif', "en": 'Number of employees'},
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
    "results.confidence": {"fr": 'Indice de confiance : {value} % des questions applicables ont reçu une réponse en connaissance de cause.', "en": 'Confidence: {value}% of the applicable questions were answered with knowledge.'},
    "results.confidence_col": {"fr": 'Confiance', "en": 'Confidence'},
    "results.pillars": {"fr": 'Résultats par pilier', "en": 'Results by pillar'},
    "results.capped": {"fr": 'plafonné (niveau {level} sans le constat critique)', "en": 'capped (level {level} without the critical finding)'},
    "results.critical": {"fr": 'Constats critiques', "en": 'Critical findings'},
    "results.finding_cap": {"fr": 'Niveau du pilier limité à {cap} (il était de {before}).', "en": 'Pillar level limited to {cap} (it was {before}).'},
    "results.no_critical": {"fr": 'Aucun constat critique.', "en": 'No critical finding.'},
    "results.gaps": {"fr": 'Questions à instruire', "en": 'Questions to investigate'},
    "results.gaps_intro": {"fr": 'Vous avez répondu « Je ne sais pas » à ces questions. Elles comptent pour 0 : trouver la réponse est souvent la première action.', "en": "You answered “I don't know” to these questions. They count as 0: finding the answer is often the first action."},
    "results.no_gaps": {"fr": 'Aucune question à instruire.', "en": 'No question to investigate.'},
    "results.unanswered": {"fr": '{count} question(s) sans réponse ne sont pas comptées.', "en": '{count} unanswered question(s) are not counted.'},
    "results.recommendations": {"fr": 'Recommandations prioritaires', "en": 'Priority recommendations'},
    "results.tools": {"fr": 'Outils possibles :', "en": 'Possible tools:'},
    "results.more": {"fr": '… et {count} autres dans le rapport complet.', "en": '… and {count} more in the full report.'},
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
    "pdf.toc": {"fr": 'Sommaire', "en": 'Contents'},
    "pdf.summary": {"fr": 'Synthèse', "en": 'Executive summary'},
    "pdf.plan": {"fr": "Plan d'action", "en": 'Action plan'},
    "pdf.tools": {"fr": 'Outils cités', "en": 'Tools named'},
    "pdf.method": {"fr": 'Annexe : méthode', "en": 'Appendix: method'},
    "pdf.change": {"fr": 'Évolution', "en": 'Change'},
    "pdf.capped_note": {"fr": 'niveau plafonné par un constat critique (voir ci-dessous).', "en": 'level capped by a critical finding (see below).'},
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
    "pdf.sovereignty": {"fr": 'Souveraineté', "en": 'Sovereignty'},
    "pdf.caveats": {"fr": 'Non vérifié', "en": 'Not verified'},
    "pdf.verified": {"fr": 'Vérifié le', "en": 'Verified on'},
    "pdf.sources": {"fr": 'Sources', "en": 'Sources'},
    "pdf.no_tools": {"fr": "Aucun outil n'est cité par le plan d'action.", "en": 'The action plan names no tool.'},
    "pdf.method.scores": {"fr": "Chaque réponse porte un score de 0 à 100 ; dans chaque question, la meilleure réponse vaut 100 et la moins bonne 0. Une question à choix multiples additionne les options cochées, dans la limite de 100. Le score d'un pilier est la moyenne des scores de ses questions, pondérée par leur poids.", "en": "Each answer carries a score from 0 to 100; in every question the best answer scores 100 and the weakest 0. A multiple-choice question adds up the ticked options, up to 100. A pillar's score is the mean of its questions' scores, weighted by their weight."},
    "pdf.method.unknown": {"fr": "« Je ne sais pas » vaut 0 et devient une question à instruire ; « sans objet » et les questions non posées sortent du calcul ; les questions sans réponse ne sont pas comptées mais font baisser l'indice de confiance.", "en": "“I don't know” scores 0 and becomes a question to investigate; “not applicable” and questions not asked leave the calculation; unanswered questions are not counted but lower the confidence figure."},
    "pdf.method.overall": {"fr": 'Le score global est la moyenne des piliers pondérée par leur poids. Chaque score correspond à un niveau de maturité :', "en": 'The overall score is the mean of the pillars weighted by their weight. Each score maps to a maturity level:'},
    "pdf.name": {"fr": 'Nom', "en": 'Name'},
    "pdf.method.critical": {"fr": "Certaines réponses révèlent un risque qu'aucune bonne réponse ailleurs ne compense : une règle critique plafonne alors le niveau du pilier, quel que soit son score (le maillon faible, comme dans le cadre de souveraineté cloud de la Commission européenne). Le niveau global ne peut dépasser de plus d'un niveau celui du pilier le plus faible.", "en": "Some answers reveal a risk that no good answer elsewhere makes up for: a critical rule then caps the pillar's level, whatever its score (the weakest link, as in the European Commission's Cloud Sovereignty Framework). The overall level cannot be more than one level above the weakest pillar's."},
    "pdf.critical_rules": {"fr": 'Règles critiques du questionnaire', "en": "The questionnaire's critical rules"},
    "pdf.cap": {"fr": 'niveau {cap} au plus', "en": 'level {cap} at most'},
    "pdf.method.limits": {"fr": 'Ce rapport est un autodiagnostic déclaratif. Les faits sur les lois et les fournisseurs sont datés ; le questionnaire porte un numéro de version et le rapport indique celle utilisée.', "en": 'This report is a declarative self-assessment. Facts about laws and vendors are dated; the questionnaire has a version number and the report states the one used.'},
    "pdf.sources_cited": {"fr": 'Textes cités par le questionnaire', "en": 'Texts cited by the questionnaire'},
    "results.download_pdf": {"fr": 'Télécharger le rapport (PDF)', "en": 'Download the report (PDF)'},
    "results.view_html": {"fr": "Voir le rapport complet à l'écran", "en": 'View the full report on screen'},
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
    "report.reading.range": {
        "fr": "Le pilier le plus solide est « {strong} » ({strong_score}/100) ; le plus fragile, « {weak} » "
              "({weak_score}/100).",
        "en": "The strongest pillar is \u201c{strong}\u201d ({strong_score}/100); the weakest, \u201c{weak}\u201d "
              "({weak_score}/100).",
    },
    "report.reading.capped": {
        "fr": "{count} constat(s) critique(s) plafonnent le niveau de : {pillars}.",
        "en": "{count} critical finding(s) cap the level of: {pillars}.",
    },
    "report.reading.gaps": {
        "fr": "{count} question(s) restent à instruire (réponse « je ne sais pas »).",
        "en": "{count} question(s) remain to be investigated (\u201cI don't know\u201d answers).",
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


def translate(key: str, language: str, **values: object) -> str:
    """The text for `key` in `language`, with `{placeholders}` filled in."""
    entry = MESSAGES[key]
    text = entry.get(language) or entry[DEFAULT_LANGUAGE]
    return text.format(**values) if values else text
